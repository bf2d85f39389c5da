/**
 * The CSV part worker (issue 15: CSV at ≥ 200,000 rows/s on two cores). Started by `writeCsv`
 * for a large UTF-8 export with blocks (`csv.parallel.ts`): it opens its own read-only
 * connection, then claims blocks from the shared counter (`control[0]`) until none is left or
 * the writer says stop (`control[1]`), posting each block's bytes (transferred), rows and
 * totals. The writer writes every block in order, whoever made it. Lean imports: it starts
 * while the writer already makes the first blocks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { ExportColumn } from './export.defs';
import type { CsvOptions } from './csv.cells';
import { partMaker, type PartPlan } from './csv.part';
import { tuneReportReader } from './report.reader';

const { plan, columns, options, control } = workerData as {
  plan: PartPlan;
  columns: ExportColumn[];
  options: CsvOptions;
  control: Int32Array;
};

function main(): void {
  const raw = new BetterSqlite3(plan.path, { readonly: true, fileMustExist: true });
  try {
    raw.pragma('busy_timeout = 5000');
    tuneReportReader(raw);
    const make = partMaker(raw, plan, columns, options);
    const stop = () => Atomics.load(control, 1) === 1;
    for (;;) {
      if (stop()) break;
      const block = Atomics.add(control, 0, 1);
      if (block >= plan.params.length) break;
      const made = make(block, stop);
      if (!made) break;
      parentPort?.postMessage({ type: 'block', ...made }, [made.bytes.buffer as ArrayBuffer]);
    }
    parentPort?.postMessage({ type: 'end' });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ type: 'failed', message: e.stack ?? e.message });
  } finally {
    raw.close();
  }
}

main();
