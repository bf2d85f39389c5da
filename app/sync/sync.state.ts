import type { Db } from '../db/db';
import type { PushMutation, PushResponse, WireValue } from './protocol';

/** This desktop's enrolment, as stored in `sync_device` (local; the token never leaves it but for the server). */
export interface SyncIdentity {
  server_url: string;
  tenant_id: string;
  store_id: string;
  device_id: string;
  token: string;
  enrolled_at: string;
}

export interface SyncDeviceRow extends SyncIdentity {
  last_attempt_at: string | null;
  last_push_at: string | null;
  connected: number;
  last_error_code: string | null;
  last_error_message: string | null;
}

/** The enrolment, or undefined when this desktop was never enrolled. */
export function readSyncDevice(db: Db): SyncDeviceRow | undefined {
  return db.first(db.q.selectFrom('sync_device').selectAll().where('id', '=', 1));
}

/** Stores the enrolment (one row; a new enrolment replaces the previous one). */
export function saveIdentity(db: Db, identity: SyncIdentity): void {
  db.run(
    db.q
      .insertInto('sync_device')
      .values({ id: 1, ...identity, connected: 1 })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ ...identity, connected: 1, last_error_code: null, last_error_message: null }),
      ),
  );
}

export interface AttemptOutcome {
  at: string;
  connected: boolean;
  /** Set when the server answered a push (even with rejections). */
  pushedAt?: string;
  error?: { code: string; message: string };
}

/** Records how the last contact with the server went (shown by `sync.status`). */
export function recordAttempt(db: Db, outcome: AttemptOutcome): void {
  db.run(
    db.q
      .updateTable('sync_device')
      .set({
        last_attempt_at: outcome.at,
        connected: outcome.connected ? 1 : 0,
        last_error_code: outcome.error?.code ?? null,
        last_error_message: outcome.error?.message ?? null,
        ...(outcome.pushedAt ? { last_push_at: outcome.pushedAt } : {}),
      })
      .where('id', '=', 1),
  );
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  row_id: string;
  kind: 'insert' | 'update';
  payload: string;
  user_id: string | null;
  register_id: string | null;
  created_at: string;
}

/** The next `limit` mutations to push: not acknowledged, not rejected, in outbox order. */
export function readPendingBatch(db: Db, limit: number): PushMutation[] {
  const rows = db.all(
    db.q
      .selectFrom('sync_outbox')
      .select(['seq', 'mutation_id', 'table_name', 'row_id', 'kind', 'payload', 'user_id', 'register_id', 'created_at'])
      .where('pushed_at', 'is', null)
      .where('rejected_code', 'is', null)
      .orderBy('seq')
      .limit(limit),
  ) as OutboxRow[];
  return rows.map((r) => ({
    mutation_id: r.mutation_id,
    table: r.table_name,
    op: r.kind,
    row_id: r.row_id,
    columns: JSON.parse(r.payload) as Record<string, WireValue>,
    device_seq: r.seq,
    user_id: r.user_id,
    register_id: r.register_id,
    created_at: r.created_at,
  }));
}

/**
 * Writes the server's answer in one short transaction: applied and skipped mutations are
 * acknowledged (`pushed_at`), rejected ones keep their reason and stay on the device.
 * Returns how many rows each list changed (ids the device does not hold count for nothing).
 */
export function acknowledge(
  db: Db,
  response: PushResponse,
  now: string,
): { pushed: number; skipped: number; rejected: number } {
  const ack = db.statement('UPDATE sync_outbox SET pushed_at = ? WHERE mutation_id = ? AND pushed_at IS NULL');
  const reject = db.statement(
    'UPDATE sync_outbox SET rejected_code = ?, rejected_message = ? WHERE mutation_id = ? AND pushed_at IS NULL',
  );
  return db.transaction(() => {
    let pushed = 0;
    let skipped = 0;
    let rejected = 0;
    for (const id of response.applied) pushed += ack.run(now, id).changes;
    for (const id of response.skipped) skipped += ack.run(now, id).changes;
    for (const r of response.rejected)
      rejected += reject.run(r.code.slice(0, 100), r.reason.slice(0, 2000), r.mutation_id).changes;
    return { pushed, skipped, rejected };
  });
}

/** Marks one mutation rejected by the device's own judgement of a refused one-mutation batch. */
export function rejectMutation(db: Db, mutationId: string, code: string, message: string): void {
  db.statement(
    'UPDATE sync_outbox SET rejected_code = ?, rejected_message = ? WHERE mutation_id = ? AND pushed_at IS NULL',
  ).run(code.slice(0, 100), message.slice(0, 2000), mutationId);
}

/** Mutations still to push (neither acknowledged nor rejected) and the oldest one's device time. */
export function pendingSummary(db: Db): { count: number; oldest_at: string | null } {
  const row = db
    .statement(
      'SELECT count(*) AS count, min(created_at) AS oldest_at FROM sync_outbox WHERE pushed_at IS NULL AND rejected_code IS NULL',
    )
    .get() as { count: number; oldest_at: string | null };
  return { count: row.count, oldest_at: row.oldest_at };
}

export interface RejectedMutation {
  mutation_id: string;
  table: string;
  row_id: string;
  op: 'insert' | 'update';
  code: string;
  message: string;
  created_at: string;
}

/** Rejected mutations, oldest first (at most `limit`), and how many there are in all. */
export function rejectedMutations(db: Db, limit = 100): { total: number; items: RejectedMutation[] } {
  const total =
    (db.statement('SELECT count(*) FROM sync_outbox WHERE rejected_code IS NOT NULL').pluck().get() as number) ?? 0;
  const items = db
    .statement(
      `SELECT mutation_id, table_name AS "table", row_id, kind AS op, rejected_code AS code,
       coalesce(rejected_message, '') AS message, created_at
     FROM sync_outbox WHERE rejected_code IS NOT NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit) as RejectedMutation[];
  return { total, items };
}
