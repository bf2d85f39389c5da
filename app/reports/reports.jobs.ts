import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { log } from '../log';
import { moduleFileOf, startWorkerThread } from '../worker-thread';
import { newId } from '../db/ids';
import { ensureFolder, listFolder, regularFile } from '../files/fs-errors';
import { partPath, type ReportSpec } from './reports.service';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

interface Job {
  id: string;
  user_id: string | null;
  name: string;
  out: string;
  /** The hidden file this job writes before the rename: the only part it may remove. */
  part: string;
  state: JobState;
  done: number;
  total: number;
  code: string | null;
  message: string | null;
  stop: Int32Array;
  worker: Worker | null;
  started_at: string;
}

export interface JobView {
  job_id: string;
  name: string;
  state: JobState;
  done: number;
  total: number;
  /** 0..100 (whole percent). */
  percent: number;
  code: string | null;
  message: string | null;
}

const jobs = new Map<string, Job>();
const MAX_RUNNING = 2;
const MAX_KEPT = 50;
/** The reports folder as the user is told about it. */
const REPORTS_FOLDER = 'a pasta de relatórios';

/**
 * Where generated reports are kept: `relatorios/` beside the database file (the data folder,
 * private to the user), or under the temporary folder for an in-memory database.
 */
export function reportsDir(db: Db): string {
  const name = db.raw.name;
  const dir = name && name !== ':memory:' ? join(dirname(name), 'relatorios') : join(tmpdir(), 'balcao-relatorios');
  ensureFolder(dir, REPORTS_FOLDER);
  return dir;
}

/** The worker: `reports.worker.ts` from the sources, `reports-worker.mjs` from a bundle. */
function startWorker(workerData: Record<string, unknown>): Worker {
  const here = moduleFileOf(() => import.meta.url);
  return startWorkerThread(here, { source: 'reports.worker.ts', bundle: 'reports-worker.mjs' }, workerData);
}

function view(job: Job): JobView {
  return {
    job_id: job.id,
    name: job.name,
    state: job.state,
    done: job.done,
    total: job.total,
    percent: job.state === 'done' ? 100 : job.total ? Math.min(99, Math.floor((job.done * 100) / job.total)) : 0,
    code: job.code,
    message: job.message,
  };
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; rows: number }
  | { type: 'cancelled' }
  | { type: 'failed'; code: string; message: string; log?: string };

function onMessage(job: Job, msg: WorkerMessage): void {
  if (msg.type === 'progress') {
    job.done = msg.done;
    job.total = msg.total;
    return;
  }
  job.state = msg.type === 'done' ? 'done' : msg.type === 'cancelled' ? 'cancelled' : 'failed';
  if (msg.type === 'failed') {
    job.code = msg.code;
    job.message = msg.message;
    if (msg.log) log.error('report job failed', { job: job.id, error: msg.log });
  }
  if (msg.type === 'cancelled') job.message = 'Cancelado; nenhum arquivo foi gravado.';
}

/**
 * Starts generating `spec` into the reports folder as `name` in a worker thread with its own
 * connection, so the bridge or the window keeps answering; returns at once. At most two jobs
 * run at a time (`too_many_jobs`). The file appears under its name only when complete.
 */
export function startJob(ctx: Context, spec: ReportSpec, name: string): JobView {
  const running = [...jobs.values()].filter((j) => j.state === 'running').length;
  if (running >= MAX_RUNNING) {
    throw new AppError(
      'too_many_jobs',
      'Two report jobs already running',
      'Já há dois arquivos sendo gerados; aguarde um terminar.',
    );
  }
  const path = ctx.db.raw.name;
  if (!path || path === ':memory:') {
    throw new AppError(
      'no_database_file',
      'Reports need a database file',
      'Os relatórios precisam de um banco de dados em arquivo.',
    );
  }
  const job: Job = {
    id: newId(),
    user_id: ctx.session.userId,
    name,
    out: join(reportsDir(ctx.db), name),
    part: '',
    state: 'running',
    done: 0,
    total: 0,
    code: null,
    message: null,
    stop: new Int32Array(new SharedArrayBuffer(4)),
    worker: null,
    started_at: ctx.clock.now().toISOString(),
  };
  job.part = partPath(job.out);
  const worker = startWorker({
    path,
    spec,
    out: job.out,
    part: job.part,
    stop: job.stop,
    nowMs: ctx.clock.now().getTime(),
  });
  job.worker = worker;
  worker.on('message', (msg: WorkerMessage) => onMessage(job, msg));
  worker.on('error', (error) => {
    log.error('report worker failed', { job: job.id, error: error.message, stack: error.stack });
    job.state = 'failed';
    job.code = 'internal_error';
    job.message = 'Erro interno ao gerar o arquivo.';
  });
  worker.on('exit', () => {
    job.worker = null;
    if (job.state === 'running') {
      job.state = 'failed';
      job.code = 'internal_error';
      job.message = 'Erro interno ao gerar o arquivo.';
    }
  });
  jobs.set(job.id, job);
  for (const old of [...jobs.values()]
    .filter((j) => j.state !== 'running')
    .slice(0, Math.max(0, jobs.size - MAX_KEPT))) {
    jobs.delete(old.id);
  }
  return view(job);
}

function ownJob(ctx: Context, id: string): Job {
  const job = jobs.get(id);
  if (!job || (!ctx.session.system && job.user_id !== ctx.session.userId)) {
    throw new AppError('not_found', `Report job ${id} not found`, 'Geração de arquivo não encontrada.');
  }
  return job;
}

/** A job's state and progress (only the user who started it sees it). */
export function jobStatus(ctx: Context, id: string): JobView {
  return view(ownJob(ctx, id));
}

/**
 * Cancels a running job: the worker stops at its next check (every 1,000 rows, or between the
 * PDF's sections) and removes its partial file; a job that does not stop within 10 s is ended.
 */
export function cancelJob(ctx: Context, id: string): JobView {
  const job = ownJob(ctx, id);
  if (job.state !== 'running') return view(job);
  Atomics.store(job.stop, 0, 1);
  const worker = job.worker;
  setTimeout(() => {
    if (job.state !== 'running' || !worker) return;
    void worker.terminate().then(() => {
      removePart(job);
      job.state = 'cancelled';
      job.message = 'Cancelado; nenhum arquivo foi gravado.';
    });
  }, 10_000).unref();
  return view(job);
}

/**
 * Removes the partial file of a job whose worker was ended (it could not remove it itself):
 * only this job's own part — another job writing to the same name has a part of its own.
 */
function removePart(job: Job): void {
  try {
    rmSync(job.part, { force: true });
  } catch (error) {
    // Cleanup after a terminated worker: a folder that became unreadable only leaves a hidden part.
    log.warn('report part not removed', {
      part: job.part,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export interface RecentFile {
  name: string;
  bytes: number;
  modified_at: string;
}

/** The 30 newest complete files of the reports folder (partial `.part` files are hidden). */
export function recentFiles(db: Db): RecentFile[] {
  const dir = reportsDir(db);
  return listFolder(dir, REPORTS_FOLDER)
    .filter((f) => !f.startsWith('.') && /\.(pdf|xlsx|csv)$/.test(f))
    .flatMap((f) => {
      const st = regularFile(join(dir, f), `o arquivo ${f}`);
      return st ? [{ name: f, bytes: st.size, modified_at: st.mtime.toISOString(), ms: st.mtimeMs }] : [];
    })
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name))
    .slice(0, 30)
    .map(({ name, bytes, modified_at }) => ({ name, bytes, modified_at }));
}

/**
 * Ends now every running job of the database at `dbPath` and waits for its worker to exit (its
 * connections close with it), before a restore replaces that file: their open connections would
 * make the restore refuse with `database_in_use`, and what they were exporting is being replaced.
 * Each job becomes `cancelled` with a pt-BR message saying why; its part file is removed.
 * Returns how many were ended.
 */
export async function cancelJobsForRestore(dbPath: string): Promise<number> {
  const folder = dirname(resolve(dbPath));
  const running = [...jobs.values()].filter(
    (j) => j.state === 'running' && dirname(dirname(resolve(j.out))) === folder,
  );
  await Promise.all(
    running.map(async (job) => {
      Atomics.store(job.stop, 0, 1);
      await job.worker?.terminate();
      removePart(job);
      job.state = 'cancelled';
      job.code = 'cancelled_by_restore';
      job.message = 'Cancelado porque um backup foi restaurado; gere o arquivo de novo.';
    }),
  );
  return running.length;
}

/** Ends every worker (tests, shutdown). */
export async function stopAllJobs(): Promise<void> {
  const running = [...jobs.values()].flatMap((j) => (j.worker ? [j.worker.terminate()] : []));
  await Promise.all(running);
  jobs.clear();
}
