/**
 * The reports worker thread (issue 15: long exports off the UI thread). One job per worker: it
 * opens its own read-only connection to the database file (plus a writable one used only to keep
 * a closed month's RFM run, device-local derived rows), generates the file through
 * `generateReport` and posts `{ type: 'progress' | 'done' | 'failed' | 'cancelled' }`. The main
 * thread asks it to stop through a shared flag (`stop[0] = 1`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Db } from '../db/db';
import { newSession } from '../contract/context';
import { AppError } from '../contract/errors';
import { registerRunKeeper } from '../analytics/run-keeper';
import { generateReport, type ReportSpec } from './reports.service';
import { ExportCancelled } from './xlsx.writer';
import { tuneReportReader } from './report.reader';

const { path, spec, out, part, stop, nowMs } = workerData as {
  path: string;
  spec: ReportSpec;
  out: string;
  /** This job's own partial file (the main thread removes it if it must end the worker). */
  part: string;
  stop: Int32Array;
  nowMs: number;
};

async function main(): Promise<void> {
  const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  tuneReportReader(raw);
  const keeper = new BetterSqlite3(path, { fileMustExist: true });
  keeper.pragma('busy_timeout = 5000');
  const db = new Db(raw);
  registerRunKeeper(db, new Db(keeper));
  const stopped = () => Atomics.load(stop, 0) === 1;
  const ctx = { db, session: newSession(true), clock: { now: () => new Date(nowMs) } };
  try {
    const file = await generateReport(ctx, spec, out, {
      progress: (done, total) => {
        parentPort?.postMessage({ type: 'progress', done, total });
        if (stopped()) throw new ExportCancelled();
      },
      shouldStop: stopped,
      part,
    });
    parentPort?.postMessage({ type: 'done', bytes: file.bytes, rows: file.rows });
  } catch (error) {
    if (error instanceof ExportCancelled) parentPort?.postMessage({ type: 'cancelled' });
    else if (error instanceof AppError)
      parentPort?.postMessage({ type: 'failed', code: error.code, message: error.userMessage });
    else {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort?.postMessage({
        type: 'failed',
        code: 'internal_error',
        message: 'Erro interno ao gerar o arquivo.',
        log: e.stack ?? e.message,
      });
    }
  } finally {
    raw.close();
    keeper.close();
  }
}

void main();
