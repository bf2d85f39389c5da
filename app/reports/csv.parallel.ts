import { availableParallelism, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { ExportColumn } from './export.defs';
import type { CsvOptions, LineSink } from './csv.cells';
import { partMaker, type PartBlock, type PartPlan } from './csv.part';
import { ExportCancelled } from './xlsx.writer';
import { log } from '../log';
import { bundledWorkerPath, moduleFileOf, startWorkerThread } from '../worker-thread';

/** An export cut into blocks (`SheetData.parts`): the plan, and the connection the writer reads blocks with. */
export interface SheetParts {
  plan: PartPlan;
  raw: BetterSqlite3.Database;
}

/**
 * Rows from which a UTF-8 CSV export with blocks is shared with a part worker. Its first block
 * comes ~0.2–0.3 s after the start, when the writer alone (~4.8 µs CPU a row) has made ~50,000
 * rows: below that the worker's start-up CPU (~0.2 s) buys nothing.
 */
export const PARALLEL_MIN_ROWS = 60_000;

/** Bytes of finished blocks the writer may hold while the block before them is still being made. */
const MAX_HELD = 64 * 1024 * 1024;

/** Milliseconds between the writer's questions to `shouldStop` while it waits for the worker's block. */
const STOP_POLL_MS = 50;

type PartMessage = ({ type: 'block' } & PartBlock) | { type: 'end' } | { type: 'failed'; message: string };

/**
 * The part worker: `csv.part.worker.ts` from the sources, `csv-part-worker.mjs` from a bundle
 * (in a packaged app unpacked from the asar archive); null when that bundle is absent.
 */
export function startPartWorker(workerData: Record<string, unknown>): Worker | null {
  const here = moduleFileOf(() => import.meta.url);
  const entry = { source: 'csv.part.worker.ts', bundle: 'csv-part-worker.mjs' };
  if (!here.endsWith('.ts') && !bundledWorkerPath(here, entry.bundle)) return null;
  return startWorkerThread(here, entry, workerData);
}

/** `startPartWorker`, or null when the worker cannot even be created (the writer then makes every block). */
function startOrNull(workerData: Record<string, unknown>): Worker | null {
  try {
    return startPartWorker(workerData);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn('csv part worker could not start; the writer makes every block', { error: message });
    return null;
  }
}

/**
 * Whether a part worker should share this export: enough rows, a second core, and one that is
 * free — a 1-minute load average below cores − 0.5 (os.loadavg: always 0 on Windows). The
 * worker's start (loading its modules, a cold connection and JIT) costs ~0.2–0.25 s of CPU,
 * which only a free core pays for: measured on 2 cores with 121,485 vendas rows, interleaved,
 * at load ~2 the export took 15–22% less time with it (blocks iterated), at load ~4 with blocks
 * read at once 31% more (median 491 → 644 ms), at load 7–8 26–29% more.
 */
export function worthParallel(rows: number, minRows = PARALLEL_MIN_ROWS): boolean {
  const cores = availableParallelism();
  return rows >= minRows && cores > 1 && (loadavg()[0] ?? 0) < cores - 0.5;
}

/**
 * Writes an export's blocks as UTF-8 CSV lines, in block order, through `write`: this thread
 * and (with `parallel`) one part worker each claim the next block from a shared counter and
 * make it on their own connection, so two cores share the export and a worker slow to start
 * simply takes fewer blocks. A block the worker claimed but did not finish (it failed or exited)
 * is made here instead, so the bytes never depend on the worker. Progress counts rows made;
 * `shouldStop` is asked every 2,000 rows, between blocks and every 50 ms while waiting for the
 * worker (ExportCancelled; the worker is then told to stop and terminated). Returns the rows
 * and per column the sum of its numbers (integers: the same sums in any order).
 */
export async function writeBlocks(
  parts: SheetParts,
  columns: readonly ExportColumn[],
  options: CsvOptions,
  write: (bytes: Uint8Array) => Promise<void>,
  hooks: {
    onRows: (rows: number) => void;
    shouldStop: () => boolean;
    parallel: boolean;
    /** Told of each block as it is finished, and by whom (tests). */
    made?: (block: number, byWorker: boolean) => void;
    /** The sink of this thread's blocks (default UTF-8 bytes; the worker always writes UTF-8). */
    lines?: LineSink;
  },
): Promise<{ rows: number; totals: number[] }> {
  const blocks = parts.plan.params.length;
  const control = new Int32Array(new SharedArrayBuffer(8));
  const finished = new Map<number, PartBlock>();
  let held = 0;
  let made = 0;
  let workerDone = !hooks.parallel;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const worker = hooks.parallel ? startOrNull({ plan: parts.plan, columns, options, control }) : null;
  if (!worker) workerDone = true;
  worker?.on('message', (msg: PartMessage) => {
    if (msg.type === 'block') {
      hooks.made?.(msg.block, true);
      finished.set(msg.block, msg);
      held += msg.bytes.length;
      made += msg.rows;
    } else {
      if (msg.type === 'failed')
        log.warn('csv part worker failed; its blocks are made by the writer', { error: msg.message });
      workerDone = true;
    }
    notify();
  });
  worker?.on('error', (error) => {
    log.warn('csv part worker failed; its blocks are made by the writer', { error: error.message });
    workerDone = true;
    notify();
  });
  worker?.on('exit', () => {
    workerDone = true;
    notify();
  });
  const make = partMaker(parts.raw, parts.plan, columns, options, hooks.lines);
  let mine = 0;
  const stop = () => {
    hooks.onRows(made + mine);
    return hooks.shouldStop();
  };
  let next = 0;
  let rows = 0;
  const totals: number[] = new Array<number>(columns.length).fill(0);
  // Woken by the worker's next message, or after STOP_POLL_MS to ask `shouldStop` again: a
  // cancellation must not wait for the block the worker is making (rows bunched in time make
  // blocks of any size).
  const waitForWorker = () =>
    new Promise<void>((resolve) => {
      const poll = setTimeout(resolve, STOP_POLL_MS);
      wake = () => {
        clearTimeout(poll);
        resolve();
      };
    });
  // The writer's blocks read one snapshot, as one scan did (the worker's connection has its own).
  const snapshot = !parts.raw.inTransaction;
  if (snapshot) parts.raw.exec('BEGIN');
  try {
    for (;;) {
      // Finished blocks go out in order as soon as the blocks before them are out.
      for (let b = finished.get(next); b; b = finished.get(next)) {
        finished.delete(next);
        held -= b.bytes.length;
        await write(b.bytes);
        rows += b.rows;
        for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] as number) + (b.totals[i] as number);
        next++;
      }
      if (next >= blocks) break;
      if (hooks.shouldStop()) throw new ExportCancelled();
      let block = held < MAX_HELD ? Atomics.add(control, 0, 1) : blocks;
      if (block >= blocks) {
        // Nothing left to claim (or too much held): the worker has block `next`, unless it is gone.
        if (!workerDone) {
          await waitForWorker();
          continue;
        }
        if (finished.has(next)) continue;
        block = next;
      }
      const part = make(block, stop);
      if (!part) throw new ExportCancelled();
      mine += part.rows;
      hooks.made?.(block, false);
      finished.set(block, part);
      held += part.bytes.length;
      // Lets the worker's messages in between blocks (they arrive only when this thread yields).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    if (snapshot && parts.raw.inTransaction) parts.raw.exec('COMMIT');
    Atomics.store(control, 1, 1);
    if (worker && !workerDone) await worker.terminate();
  }
  return { rows, totals };
}
