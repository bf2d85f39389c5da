import { createRequire } from 'node:module';

/**
 * A CommonJS package loaded the first time it is used, not when the app starts. ECharts, ExcelJS
 * and PDFKit cost about 2 s of module loading together (measured: 1.2 s, 0.55 s, 0.3 s), which
 * every CLI command, desktop start and test file paid for PDFs and spreadsheets most of them never
 * make. Synchronous, because operation handlers are. The packages stay external to the bundles
 * (scripts/build.mjs), so they are read from node_modules at run time.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= nodeRequire()(name) as T);
}

function nodeRequire(): NodeJS.Require {
  // The bundles have a `require` (CommonJS, or the ESM banner of scripts/build.mjs); sources run as ESM.
  return typeof require === 'function' ? require : createRequire(import.meta.url);
}
