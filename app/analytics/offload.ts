import type { Worker } from 'node:worker_threads';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import type { OpResult } from '../contract/errors';
import { analyticsOps } from './analytics.ops';
import { ensureZoneOffsets } from './tz';
import { log } from '../log';
import { moduleFileOf, startWorkerThread } from '../worker-thread';
import { isSensitiveRead } from '../audit/audit.policy';
import { recordAudit } from '../audit/audit.service';

type Reply = { id: number; result: OpResult<unknown>; session: Session };

/** The worker: `analytics.worker.ts` from the sources, `analytics-worker.mjs` from a bundle. */
function startWorker(path: string): Worker {
  const here = moduleFileOf(() => import.meta.url);
  return startWorkerThread(here, { source: 'analytics.worker.ts', bundle: 'analytics-worker.mjs' }, { path });
}

/**
 * Runs the read-only analytics operations in a worker thread with its own connection, so the
 * bridge (and its event loop) keeps answering while an RFM over a million sales runs. The
 * stores' zone offsets are made current on the main connection first (a quick write when a
 * zone is new). The session's changes (a sign-out found by the worker) are copied back.
 */
export class AnalyticsOffload {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  constructor(private readonly app: Balcao) {}

  /** True for operations the worker answers (the read-only analytics ones). */
  handles(op: string): boolean {
    const def = (analyticsOps as Record<string, { readonly?: boolean }>)[op];
    return Boolean(def?.readonly) && this.app.db.raw.name !== ':memory:';
  }

  run(op: string, input: unknown, session: Session): Promise<OpResult<unknown>> {
    ensureZoneOffsets(this.app.db);
    const worker = this.start();
    const id = this.next++;
    worker.ref(); // an answer is owed: keep the process alive until it comes
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        Object.assign(session, reply.session);
        if (this.pending.size === 0) worker.unref();
        resolve(reply.result.ok && isSensitiveRead(op) ? this.audited(op, input, session, reply.result) : reply.result);
      });
      worker.postMessage({ id, op, input, session: { ...session }, nowMs: this.app.clock.now().getTime() });
    });
  }

  /**
   * Writes a sensitive read's audit row (issue 16) on the main, writable connection: the worker's
   * connection is read-only. As in the dispatcher, the answer goes out only once the row is written.
   */
  private audited(op: string, input: unknown, session: Session, result: OpResult<unknown>): OpResult<unknown> {
    try {
      const ctx = { db: this.app.db, session, clock: this.app.clock };
      this.app.db.transaction(() => recordAudit(ctx, op, 'read', [], input));
      return result;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      log.error('audit of an offloaded read failed', { op, error: e.message, stack: e.stack });
      return {
        ok: false,
        error: { code: 'internal_error', message: 'Erro interno. Nada foi alterado; tente novamente.' },
      };
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.app.db.raw.name);
    worker.on('message', (reply: Reply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    worker.on('error', (error) => {
      log.error('analytics worker failed', { error: error.message, stack: error.stack });
      this.fail();
    });
    worker.on('exit', () => {
      this.worker = null;
      this.fail();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(): void {
    const owed = [...this.pending];
    this.pending.clear();
    for (const [id, resolve] of owed) {
      resolve({
        id,
        session: {} as Session,
        result: {
          ok: false,
          error: { code: 'internal_error', message: 'Erro interno nas análises; tente novamente.' },
        },
      });
    }
  }

  close(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  /**
   * Waits for the answers owed, then stops the worker: its connection must be gone before a
   * restore replaces the database (app/backup/backup.live.ts). The next run starts a new one.
   */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.close();
  }
}
