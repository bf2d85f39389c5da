import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The file of the module that asks, from its `import.meta.url` (given as a function: it must be
 * read in that module). In the Electron main bundle (CommonJS) there is no `import.meta.url`:
 * then the bundle's `__filename`, which is the same file for every module bundled in it.
 */
export function moduleFileOf(metaUrl: () => string): string {
  try {
    return fileURLToPath(metaUrl());
  } catch {
    return typeof __filename === 'string' ? __filename : join(process.cwd(), 'dist', 'main', 'main.cjs');
  }
}

/**
 * Where the worker bundle `bundle` (e.g. `analytics-worker.mjs`; `scripts/build.mjs` writes them
 * to `dist/web/`) is, seen from the running bundle `here`: beside it (dist/web), in `web/` beside
 * it, or in `../web/` (from dist/main). In a packaged app the copy unpacked from the asar archive
 * comes first (electron-builder.yml `asarUnpack`: better-sqlite3, which the workers load, lives
 * there). Null when none exists.
 */
export function bundledWorkerPath(here: string, bundle: string): string | null {
  const dir = dirname(here);
  const candidates = [join(dir, bundle), join(dir, 'web', bundle), join(dir, '..', 'web', bundle)].flatMap((p) => [
    p.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
    p,
  ]);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/**
 * Starts a worker thread for the module at `here` (`moduleFileOf`): from the sources (`here` ends
 * in `.ts`: tests, `npm run web` under tsx) the TypeScript file `entry.source` beside it, with
 * tsx's loader registered inside the worker; from a bundle, `entry.bundle` (`bundledWorkerPath`).
 * When that bundle is missing the worker is started on the path it should have, so it fails
 * through its `'error'` event like any other start-up failure.
 */
export function startWorkerThread(
  here: string,
  entry: { source: string; bundle: string },
  workerData: Record<string, unknown>,
): Worker {
  if (here.endsWith('.ts')) {
    const tsx = createRequire(here).resolve('tsx/cjs/api');
    const file = join(dirname(here), entry.source);
    const source = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
    return new Worker(source, { eval: true, workerData });
  }
  return new Worker(bundledWorkerPath(here, entry.bundle) ?? join(dirname(here), entry.bundle), { workerData });
}
