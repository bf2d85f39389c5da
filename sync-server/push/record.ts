import type { Transaction } from 'kysely';
import type { PushMutation, PushRejection } from '../../app/sync/protocol';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';
import type { Catalog } from '../synced-tables';
import { arrayLiteral, asFactConflict, run, type DeferredInsert, type Origin } from './statements';

type Trx = Transaction<CentralDb>;

/** A mutation as logged: a merged insert is logged as `merge` with `{ merged_into }`. */
export type Logged = Omit<PushMutation, 'op'> & { op: PushMutation['op'] | 'merge' };

interface BatchRecord {
  fresh: PushMutation[];
  applied: Logged[];
  rejected: Map<string, PushRejection>;
  firstSeq: number;
  /** The batch's last data statement, a plain fact INSERT, run as part of this one. */
  deferred: DeferredInsert | null;
}

/**
 * In one statement: every applied mutation appended to `sync_log` (seq from `firstSeq`, batch
 * order, with its device_seq; facts by reference, `columns` NULL, because their row never
 * changes; records with the columns they set), every refused one to `rejected_mutations`, the
 * tenant's counter and the device's last device_seq moved on. The same statement checks, as of
 * before it, that no id applied now was refused before and none refused now was applied before
 * (each table's unique mutation id catches the rest): such an id came back under another
 * device_seq → 409 `replay_mismatch`. Log columns the same for the whole batch (one table, one
 * op, facts only: `columns` all NULL, device_seq consecutive) are sent as one value instead of
 * an array of 1,000 (`compact`). A deferred plain fact INSERT runs as the statement's first
 * part (its primary key refusing a row → `FactConflict`, the push runs again).
 */
export async function recordBatch(trx: Trx, catalog: Catalog, origin: Origin, batch: BatchRecord) {
  const { fresh, applied, rejected, firstSeq, deferred } = batch;
  const refused = fresh.filter((m) => rejected.has(m.mutation_id));
  const appliedIds = arrayLiteral(applied.map((m) => m.mutation_id));
  const refusedIds = arrayLiteral(refused.map((m) => m.mutation_id));
  const tables = compact(applied.map((m) => m.table));
  const ops = compact(applied.map((m) => m.op));
  const columns = applied.map((m) =>
    m.op !== 'merge' && catalog.get(m.table)?.kind === 'fact' ? null : JSON.stringify(m.columns),
  );
  const seqs = applied.map((m) => m.device_seq);
  const consecutive = seqs.every((seq, i) => seq === seqs[0]! + i);
  // The deferred INSERT wrote exactly the applied rows, in order: its key array is the log's row
  // ids ($6 then NULL, still named: every parameter must have a type).
  const sharedKeys =
    deferred !== null &&
    deferred.keyParam > 0 &&
    deferred.keys.length === applied.length &&
    applied.every((m, i) => m.row_id === deferred.keys[i]);
  const params = [
    origin.tenantId,
    origin.deviceId,
    origin.storeId,
    firstSeq,
    tables.array,
    sharedKeys ? null : arrayLiteral(applied.map((m) => m.row_id)),
    ops.array,
    columns.every((c) => c === null) ? '{}' : arrayLiteral(columns),
    appliedIds,
    consecutive ? '{}' : arrayLiteral(seqs),
    refusedIds,
    arrayLiteral(refused.map((m) => m.device_seq)),
    arrayLiteral(refused.map((m) => rejected.get(m.mutation_id)?.code ?? 'rejected')),
    arrayLiteral(refused.map((m) => rejected.get(m.mutation_id)?.reason ?? '')),
    firstSeq - 1 + applied.length,
    fresh.at(-1)?.device_seq,
    tables.value,
    ops.value,
    consecutive ? (seqs[0] ?? null) : null,
  ];
  // The deferred INSERT's parameters follow the log's: its $n become $(n + 19).
  const facts = deferred
    ? `facts AS (${deferred.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + params.length}`)}), `
    : '';
  const text = `WITH ${facts}log AS (
       INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id, device_seq)
       SELECT $1, $4 + u.ord - 1, coalesce(u.t, $17), u.r, coalesce(u.o, $18), u.c::jsonb, u.m, $3, $2,
         coalesce(u.ds, $19::bigint + u.ord - 1)
       FROM unnest($5::text[], ${sharedKeys ? `coalesce($6::text[], $${deferred.keyParam + params.length}::text[])` : '$6::text[]'}, $7::text[], $8::text[], $9::text[], $10::bigint[])
         WITH ORDINALITY AS u(t, r, o, c, m, ds, ord)
     ), refused AS (
       INSERT INTO rejected_mutations (tenant_id, mutation_id, device_id, device_seq, reject_code, reject_reason)
       SELECT $1, u.m, $2, u.ds, u.code, u.reason
       FROM unnest($11::text[], $12::bigint[], $13::text[], $14::text[]) AS u(m, ds, code, reason)
     ), counter AS (
       UPDATE sync_counters SET last_seq = $15 WHERE tenant_id = $1
     ), device AS (
       UPDATE devices SET last_device_seq = $16, last_push_at = now() WHERE tenant_id = $1 AND id = $2
     )
     SELECT mutation_id FROM rejected_mutations WHERE tenant_id = $1 AND mutation_id = ANY($9::text[])
       AND EXISTS (SELECT 1 FROM rejected_mutations WHERE tenant_id = $1)
     UNION ALL
     SELECT mutation_id FROM sync_log WHERE tenant_id = $1 AND mutation_id = ANY($11::text[])
     LIMIT 1`;
  let seenBefore: { mutation_id: string } | undefined;
  try {
    [seenBefore] = await run<{ mutation_id: string }>(trx, text, deferred ? [...params, ...deferred.values] : params);
  } catch (error) {
    throw deferred ? asFactConflict(error, deferred.table) : error;
  }
  if (seenBefore) {
    throw new SyncError(
      409,
      'replay_mismatch',
      `mutation ${seenBefore.mutation_id} was applied before with another device_seq`,
      seenBefore.mutation_id,
    );
  }
}

/**
 * One column of the log rows for `unnest`: when every value is the same, an empty array (which
 * `unnest` pads with NULL) and the value, read with `coalesce(u.x, value)`; else the array and
 * NULL. Only for columns that are never NULL.
 */
function compact(values: string[]): { array: string; value: string | null } {
  const first = values[0];
  if (first !== undefined && values.every((v) => v === first)) return { array: '{}', value: first };
  return { array: arrayLiteral(values), value: null };
}
