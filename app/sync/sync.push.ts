import type { Db } from '../db/db';
import type { Clock } from '../contract/context';
import { log } from '../log';
import { MAX_PUSH_BYTES, MAX_PUSH_MUTATIONS, type PushMutation } from './protocol';
import { endpoint, postPush, type FetchLike } from './sync.client';
import {
  acknowledge,
  pendingSummary,
  readPendingBatch,
  readSyncDevice,
  recordAttempt,
  rejectMutation,
} from './sync.state';

/** What one push step did. */
export type PushStep =
  | { kind: 'progress'; pushed: number; skipped: number; rejected: number }
  /** Nothing left to push. */
  | { kind: 'idle' }
  | { kind: 'not_enrolled' }
  /** Network down, timeout, 5xx: back off and retry; nothing was acknowledged. */
  | { kind: 'unreachable'; message: string }
  /** The token was refused (revoked device, unknown token): stop until enrolled again. */
  | { kind: 'unauthorized'; message: string };

export interface PushSummary {
  pushed: number;
  skipped: number;
  rejected: number;
  pending: number;
}

export interface PusherOptions {
  clock: Clock;
  fetch?: FetchLike;
  /** Mutations per batch (default and most: 1,000, the protocol's limit). */
  batchSize?: number;
  timeoutMs?: number;
}

/** pt-BR texts kept with the device's last contact (shown in Configurações → Sincronização). */
export const SYNC_MESSAGES = {
  unreachable: 'Sem conexão com o servidor de sincronização. As vendas continuam salvas neste computador.',
  unauthorized: 'O servidor recusou este computador (dispositivo revogado ou desconhecido). Vincule-o novamente.',
} as const;

/**
 * Pushes the outbox one batch at a time. The network call is made outside any SQLite
 * transaction: rows are read, the batch is awaited, then the answer is written in one short
 * transaction, so a kill at any point leaves either nothing acknowledged (the batch is resent
 * and the server skips what it already applied) or the whole answer recorded.
 *
 * A batch refused as a whole with a 4xx other than 401 is split in halves until the refused
 * mutation is alone (or at once, when the refusal names it in `error.mutation_id`); that one is
 * then marked rejected with the server's reason, so one bad mutation never blocks the outbox
 * and is never retried forever.
 */
export class Pusher {
  private limit: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    private readonly options: PusherOptions,
  ) {
    this.maxBatch = Math.min(Math.max(1, options.batchSize ?? MAX_PUSH_MUTATIONS), MAX_PUSH_MUTATIONS);
    this.limit = this.maxBatch;
  }

  /** One batch: read, send, acknowledge. */
  async step(): Promise<PushStep> {
    const device = readSyncDevice(this.db);
    if (!device) return { kind: 'not_enrolled' };
    const batch = fitBytes(readPendingBatch(this.db, this.limit));
    if (batch.length === 0) return { kind: 'idle' };
    const outcome = await postPush(device.server_url, device.token, JSON.stringify({ mutations: batch }), {
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
    });
    const at = this.now();
    if (outcome.kind === 'unreachable' || (outcome.kind === 'refused' && outcome.status < 400)) {
      const reason = outcome.message;
      log.warn('sync push failed: server unreachable', { reason, batch: batch.length });
      recordAttempt(this.db, {
        at,
        connected: false,
        error: { code: 'sync_unreachable', message: SYNC_MESSAGES.unreachable },
      });
      return { kind: 'unreachable', message: reason };
    }
    if (outcome.kind === 'refused') return this.refused(batch, outcome, at);
    const counts = acknowledge(this.db, outcome.value, at);
    recordAttempt(this.db, { at, connected: true, pushedAt: at });
    if (counts.pushed + counts.skipped + counts.rejected === 0) {
      // An answer that names none of the batch would make the loop resend it forever.
      log.error('sync push answer acknowledged nothing', { batch: batch.length });
      return { kind: 'unreachable', message: 'answer acknowledged nothing' };
    }
    this.limit = this.maxBatch;
    return { kind: 'progress', ...counts };
  }

  private refused(
    batch: PushMutation[],
    refusal: { status: number; code: string; message: string; mutationId?: string },
    at: string,
  ): PushStep {
    const { status, code, message } = refusal;
    // 401 is about the token; a 403 (say `foreign_tenant`) is about the batch's rows.
    if (status === 401) {
      log.warn('sync push refused: device token not accepted', { status, code });
      recordAttempt(this.db, {
        at,
        connected: false,
        error: { code: 'sync_unauthorized', message: SYNC_MESSAGES.unauthorized },
      });
      return { kind: 'unauthorized', message };
    }
    recordAttempt(this.db, { at, connected: true });
    const named = refusal.mutationId ? batch.find((m) => m.mutation_id === refusal.mutationId) : undefined;
    if (batch.length > 1 && !named) {
      this.limit = Math.max(1, Math.floor(batch.length / 2));
      log.warn('sync push batch refused; splitting it', { status, code, batch: batch.length, next: this.limit });
      return { kind: 'progress', pushed: 0, skipped: 0, rejected: 0 };
    }
    const only = named ?? batch[0];
    if (!only) return { kind: 'idle' };
    log.warn('sync mutation rejected', { status, code, mutation: only.mutation_id, table: only.table });
    rejectMutation(this.db, only.mutation_id, code, message);
    this.limit = this.maxBatch;
    return { kind: 'progress', pushed: 0, skipped: 0, rejected: 1 };
  }

  /**
   * With nothing to push, asks `GET /health` whether the server answers, so "connected" stays
   * true to the present (the sync screen). Records the outcome; returns it.
   */
  async probe(): Promise<boolean> {
    const device = readSyncDevice(this.db);
    if (!device) return false;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 10_000);
    let ok = false;
    try {
      const res = await fetch(endpoint(device.server_url, '/health'), { signal: controller.signal });
      ok = res.status === 200;
    } catch {
      ok = false;
    } finally {
      clearTimeout(timer);
    }
    recordAttempt(this.db, {
      at: this.now(),
      connected: ok,
      ...(ok ? {} : { error: { code: 'sync_unreachable', message: SYNC_MESSAGES.unreachable } }),
    });
    return ok;
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}

/** Drops mutations from the end of a batch until its JSON fits the protocol's 5 MB. */
function fitBytes(batch: PushMutation[]): PushMutation[] {
  let size = Buffer.byteLength(JSON.stringify({ mutations: batch }));
  let n = batch.length;
  while (n > 1 && size > MAX_PUSH_BYTES) {
    n = Math.floor(n / 2);
    size = Buffer.byteLength(JSON.stringify({ mutations: batch.slice(0, n) }));
  }
  return batch.slice(0, n);
}

/**
 * `sync push`: pushes until the outbox is empty or the server is unreachable (or refuses the
 * token). Counts are mutations acknowledged as applied, skipped (already applied before) and
 * rejected in this run; `pending` what is left to push.
 */
export async function pushUntilDone(
  db: Db,
  options: PusherOptions,
): Promise<PushSummary & { stopped: 'done' | 'not_enrolled' | 'unreachable' | 'unauthorized' }> {
  const pusher = new Pusher(db, options);
  const total = { pushed: 0, skipped: 0, rejected: 0 };
  for (;;) {
    const step = await pusher.step();
    if (step.kind === 'progress') {
      total.pushed += step.pushed;
      total.skipped += step.skipped;
      total.rejected += step.rejected;
      continue;
    }
    const stopped = step.kind === 'idle' ? 'done' : step.kind;
    return { ...total, pending: pendingSummary(db).count, stopped };
  }
}
