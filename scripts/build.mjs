// Builds the renderer (Vite) and bundles the Node entry points (esbuild).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';

const only = process.argv[2];
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'electron', 'pdfkit', 'exceljs', 'echarts', 'svg-to-pdfkit'],
  logLevel: 'warning',
};

if (!only || only === 'renderer') {
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
if (!only || only === 'node') {
  const esm = {
    ...node,
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  };
  await esbuild({
    ...esm,
    entryPoints: {
      'web/server': 'app/web/main.ts',
      'web/analytics-worker': 'app/analytics/analytics.worker.ts',
      'web/reports-worker': 'app/reports/reports.worker.ts',
      'web/csv-part-worker': 'app/reports/csv.part.worker.ts',
      'cli/cli': 'app/cli/bin.ts',
    },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
  });
  await esbuild({
    ...node,
    format: 'cjs',
    // app/lazy-module.ts reads import.meta only where no `require` exists, never in this bundle.
    logOverride: { 'empty-import-meta': 'silent' },
    entryPoints: { 'main/main': 'main/main.ts', 'main/preload': 'main/preload.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
  });
}
