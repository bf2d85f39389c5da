import { sql, type Kysely, type Transaction } from 'kysely';
import type { PushMutation, PushRejection, PushResponse } from '../../app/sync/protocol';
import type { CentralDb } from '../db/schema';
import { APP_ROLE } from '../../migrations/central/run-sql';
import { SyncError } from '../errors';
import type { Catalog } from '../synced-tables';
import { checkBatch, mergeRows, namedStores, otherStoresNamed, reject, type RowChange } from './plan';
import { mergeUniqueKeys, recordMerges } from './merge';
import { eraseAnonymizedHistory } from './erasure';
import { recordBatch, type Logged } from './record';
import {
  arrayLiteral,
  bySignature,
  existingKeys,
  type DeferredInsert,
  FactConflict,
  insertRows,
  run,
  updateRows,
  type Origin,
} from './statements';

type Trx = Transaction<CentralDb>;

interface Known {
  mutation_id: string;
  device_id: string;
  device_seq: number | null;
  status: 'applied' | 'rejected';
  reject_code: string | null;
  reject_reason: string | null;
}

/**
 * Applies one push batch for the device named by the token, in one transaction as its tenant:
 * 1. locks the tenant's `sync_counters` row (pushes of a tenant run one after another) and the
 *    device row (refused if revoked meanwhile);
 * 2. a mutation id already seen is skipped (or refused again with its first reason); one the
 *    server never saw with a device_seq at or below the device's last → 409 `out_of_order`;
 *    a seen id with a different device or device_seq → 409 `replay_mismatch`;
 * 3. rows naming another store of the tenant → rejected `foreign_store`; the rest merged per row
 *    and written with one set-based statement per table and column set;
 * 4. every applied mutation appended to `sync_log` (gap-free seq in batch order, with its
 *    device_seq: the log is also the record of ids applied) and every refused one to
 *    `rejected_mutations`.
 * Whole-batch faults throw SyncError; a database error (a CHECK, NOT NULL or UNIQUE broken)
 * rolls everything back and becomes 422 `constraint_violation`. Large fact groups are first
 * tried with a plain INSERT; if one meets a stored key (`FactConflict`), the transaction is
 * rolled back and the push runs once more with ON CONFLICT everywhere.
 */
export async function applyPush(
  db: Kysely<CentralDb>,
  catalog: Catalog,
  origin: Origin,
  mutations: PushMutation[],
): Promise<PushResponse> {
  checkBatch(mutations, catalog, origin.tenantId);
  await refuseOtherTenantsStores(db, origin, mutations);
  const attempt = (plainFacts: boolean) =>
    db.transaction().execute((trx) => applyInTransaction(trx, catalog, origin, mutations, plainFacts));
  try {
    try {
      return await attempt(true);
    } catch (error) {
      if (!(error instanceof FactConflict)) throw error;
      return await attempt(false);
    }
  } catch (error) {
    if (error instanceof SyncError) throw error;
    const pgError = error as { code?: string; constraint?: string; table?: string; column?: string };
    if (pgError.constraint === 'sync_log_mutation' || pgError.constraint === 'rejected_mutations_pkey') {
      throw await replayMismatch(db, origin, mutations);
    }
    if (typeof pgError.code === 'string' && /^(23|22)/.test(pgError.code)) {
      const where = pgError.constraint ?? pgError.column ?? 'a constraint';
      throw new SyncError(
        422,
        'constraint_violation',
        `the batch breaks ${where}${pgError.table ? ` on ${pgError.table}` : ''}`,
      );
    }
    throw error;
  }
}

/** One push batch in its transaction: lock the tenant, sort out what was seen, apply the rest, answer. */
async function applyInTransaction(
  trx: Trx,
  catalog: Catalog,
  origin: Origin,
  mutations: PushMutation[],
  plainFacts: boolean,
): Promise<PushResponse> {
  const locked = await lockTenant(trx, origin);
  const { skipped, rejected, fresh } = await sortSeen(trx, origin, mutations, Number(locked.last_device_seq));
  if (fresh.length === 0) return answer(mutations, skipped, rejected, new Set());
  const applied = await applyFresh(trx, catalog, origin, fresh, rejected, { ...locked, plainFacts });
  return answer(mutations, skipped, rejected, new Set(applied.map((m) => m.mutation_id)));
}

interface Locked {
  last_seq: number;
  has_merges: boolean;
  last_device_seq: number | null;
  revoked_at: Date | null;
  known: boolean;
}

/**
 * Locks the tenant's counter row and the device row. The counter row first: pushes of one
 * tenant queue here until the one before commits. The same statement becomes the tenant (as
 * withTenant does): app.tenant_id and the role balcao_sync_app, LOCAL to the transaction, so
 * every later statement runs under RLS. Throws 401 `token_revoked` for an unknown or revoked device.
 */
async function lockTenant(trx: Trx, origin: Origin): Promise<Locked> {
  const [locked] = await run<Locked>(
    trx,
    `SELECT set_config('app.tenant_id', $1, true), set_config('role', '${APP_ROLE}', true),
       c.last_seq, c.has_merges, d.last_device_seq, d.revoked_at, d.tenant_id IS NOT NULL AS known
     FROM (SELECT last_seq, has_merges FROM sync_counters WHERE tenant_id = $1 FOR UPDATE) c
     LEFT JOIN (SELECT tenant_id, last_device_seq, revoked_at FROM devices WHERE tenant_id = $1 AND id = $2 FOR UPDATE) d ON true`,
    [origin.tenantId, origin.deviceId],
  );
  if (!locked?.known || locked.revoked_at) throw new SyncError(401, 'token_revoked', 'this device token was revoked');
  return locked;
}

/**
 * Sorts the batch into mutations seen before (applied: skipped; rejected: the same rejection
 * again) and fresh ones. Only a mutation at or below the device's last device_seq can have
 * been seen: a batch of new mutations skips the lookup. (A seen id resent with a higher
 * device_seq meets the unique mutation id of sync_log or rejected_mutations at the end, or the
 * cross-check of recordBatch, and becomes 409 replay_mismatch.) Throws 409 `replay_mismatch`
 * (seen with another device_seq) and `out_of_order` (unseen at or below the last device_seq).
 */
async function sortSeen(trx: Trx, origin: Origin, mutations: PushMutation[], lastDeviceSeq: number) {
  const maybeSeen = mutations.filter((m) => m.device_seq <= lastDeviceSeq).map((m) => m.mutation_id);
  const knownRows =
    maybeSeen.length === 0
      ? []
      : await run<Known>(
          trx,
          `SELECT mutation_id, device_id, device_seq, 'applied' AS status, NULL::text AS reject_code,
             NULL::text AS reject_reason
           FROM sync_log WHERE tenant_id = $1 AND mutation_id = ANY($2::text[])
           UNION ALL
           SELECT mutation_id, device_id, device_seq, 'rejected', reject_code, reject_reason
           FROM rejected_mutations WHERE tenant_id = $1 AND mutation_id = ANY($2::text[])`,
          [origin.tenantId, arrayLiteral(maybeSeen)],
        );
  const known = new Map(knownRows.map((k) => [k.mutation_id, k]));
  const skipped: string[] = [];
  const rejected = new Map<string, PushRejection>();
  const fresh: PushMutation[] = [];
  for (const m of mutations) {
    const seen = known.get(m.mutation_id);
    if (seen) {
      if (seen.device_id !== origin.deviceId || Number(seen.device_seq) !== m.device_seq) {
        throw new SyncError(
          409,
          'replay_mismatch',
          `mutation ${m.mutation_id} was applied before with another device_seq`,
          m.mutation_id,
        );
      }
      if (seen.status === 'applied') skipped.push(m.mutation_id);
      else reject(rejected, m, seen.reject_code ?? 'rejected', seen.reject_reason ?? '');
    } else if (m.device_seq <= lastDeviceSeq) {
      throw new SyncError(
        409,
        'out_of_order',
        `mutation ${m.mutation_id} (device_seq ${m.device_seq}) arrives after device_seq ${lastDeviceSeq}`,
        m.mutation_id,
      );
    } else {
      fresh.push(m);
    }
  }
  return { skipped, rejected, fresh };
}

/**
 * Applies the fresh mutations: foreign stores rejected, unique keys merged across desktops
 * (colliding inserts merge into the row kept, ids follow), rows written, the batch and its
 * merges logged from `last_seq + 1`, anonymized people erased from the history. Adds rejections
 * to `rejected`; returns the mutations applied (a merge logged as op `merge`).
 */
async function applyFresh(
  trx: Trx,
  catalog: Catalog,
  origin: Origin,
  fresh: PushMutation[],
  rejected: Map<string, PushRejection>,
  locked: Locked & { plainFacts: boolean },
): Promise<Logged[]> {
  await rejectForeignStores(trx, origin, fresh, rejected);
  const merged = await mergeUniqueKeys(
    trx,
    catalog,
    origin,
    fresh.filter((m) => !rejected.has(m.mutation_id)),
    locked.has_merges,
  );
  const rows = mergeRows(
    merged.mutations.filter((m) => !merged.merges.has(m.mutation_id)),
    catalog,
    rejected,
  );
  const deferred = await writeRows(trx, origin, rows, rejected, locked.plainFacts);

  const applied: Logged[] = merged.mutations
    .filter((m) => !rejected.has(m.mutation_id))
    .map((m) => {
      const merge = merged.merges.get(m.mutation_id);
      return merge ? { ...m, row_id: merge.from, op: 'merge', columns: { merged_into: merge.to } } : m;
    });
  const firstSeq = Number(locked.last_seq) + 1;
  await recordBatch(trx, catalog, origin, { fresh, applied, rejected, firstSeq, deferred });
  if (merged.merges.size > 0) {
    await recordMerges(trx, origin, merged.merges, new Map(applied.map((m, i) => [m.mutation_id, firstSeq + i])));
  }
  // An anonymization (its privacy.anonymize audit row) also erases the person from the history.
  await eraseAnonymizedHistory(trx, origin, applied);
  return applied;
}

function answer(
  mutations: PushMutation[],
  skipped: string[],
  rejected: Map<string, PushRejection>,
  applied: Set<string>,
): PushResponse {
  return {
    applied: mutations.filter((m) => applied.has(m.mutation_id)).map((m) => m.mutation_id),
    skipped,
    rejected: mutations.flatMap((m) => rejected.get(m.mutation_id) ?? []),
  };
}

/** A seen mutation id came back under a higher device_seq: 409 naming it (found after rollback). */
async function replayMismatch(db: Kysely<CentralDb>, origin: Origin, mutations: PushMutation[]): Promise<SyncError> {
  const ids = mutations.map((m) => m.mutation_id);
  const { rows } = await sql<{ mutation_id: string }>`
    SELECT mutation_id FROM sync_log WHERE tenant_id = ${origin.tenantId} AND mutation_id = ANY(${ids}::text[])
    UNION ALL
    SELECT mutation_id FROM rejected_mutations WHERE tenant_id = ${origin.tenantId} AND mutation_id = ANY(${ids}::text[])`.execute(
    db,
  );
  const seen = new Set(rows.map((r) => r.mutation_id));
  const id = mutations.find((m) => seen.has(m.mutation_id))?.mutation_id;
  return new SyncError(409, 'replay_mismatch', `mutation ${id ?? '?'} was applied before with another device_seq`, id);
}

/**
 * A row naming a store of another tenant is a row of that tenant: 403 `foreign_tenant` for the
 * batch. Run as the owner, before the tenant transaction, because RLS hides other tenants.
 */
async function refuseOtherTenantsStores(db: Kysely<CentralDb>, origin: Origin, mutations: PushMutation[]) {
  const named = otherStoresNamed(mutations, origin.storeId);
  if (named.length === 0) return;
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM tenant_stores WHERE id = ANY(${named}::text[]) AND tenant_id <> ${origin.tenantId}
    UNION SELECT id FROM stores WHERE id = ANY(${named}::text[]) AND tenant_id <> ${origin.tenantId}
    LIMIT 1`.execute(db);
  const foreign = rows[0]?.id;
  if (foreign !== undefined) {
    const culprit = mutations.find((m) => namedStores(m).includes(foreign));
    throw new SyncError(403, 'foreign_tenant', 'a row names a store of another tenant', culprit?.mutation_id);
  }
}

/** Rejects mutations naming a store enrolled by another desktop or created by another device. */
async function rejectForeignStores(
  trx: Trx,
  origin: Origin,
  fresh: PushMutation[],
  rejected: Map<string, PushRejection>,
) {
  const named = otherStoresNamed(fresh, origin.storeId);
  if (named.length === 0) return;
  const foreign = await run<{ id: string }>(
    trx,
    `SELECT id FROM tenant_stores WHERE tenant_id = $1 AND id = ANY($2::text[])
     UNION SELECT id FROM stores WHERE tenant_id = $1 AND id = ANY($2::text[]) AND device_id <> $3`,
    [origin.tenantId, named, origin.deviceId],
  );
  const foreignIds = new Set(foreign.map((r) => r.id));
  for (const m of fresh) {
    if (namedStores(m).some((id) => foreignIds.has(id))) {
      reject(rejected, m, 'foreign_store', `${m.table} ${m.row_id} names a store this device does not own`);
    }
  }
}

/**
 * One statement per table and column set; rows the database did not take are rejected. The
 * last statement, when it is a plain fact INSERT, is returned instead of run (`recordBatch`
 * runs it with the log).
 */
async function writeRows(
  trx: Trx,
  origin: Origin,
  rows: RowChange[],
  rejected: Map<string, PushRejection>,
  plainFacts: boolean,
): Promise<DeferredInsert | null> {
  const byTable = new Map<string, RowChange[]>();
  for (const row of rows) {
    const list = byTable.get(row.table.name);
    if (list) list.push(row);
    else byTable.set(row.table.name, [row]);
  }
  let deferred: DeferredInsert | null = null;
  const lastTable = [...byTable.values()].at(-1);
  for (const tableRows of byTable.values()) {
    const table = tableRows[0]!.table;
    const groups = bySignature(tableRows.filter((r) => r.op === 'insert'));
    const last = tableRows === lastTable && !tableRows.some((r) => r.op === 'update') ? groups.at(-1) : undefined;
    for (const group of groups) {
      const defer = group === last ? (insert: DeferredInsert) => (deferred = insert) : undefined;
      const written = await insertRows(trx, origin, table, group, plainFacts, defer);
      for (const row of group) {
        if (written.has(row.key)) continue;
        const [code, reason] =
          table.kind === 'fact'
            ? ['duplicate_row', `${table.name} ${row.key} already exists`]
            : ['foreign_store', `${table.name} ${row.key} belongs to another store`];
        for (const m of row.mutations) reject(rejected, m, code, reason);
      }
    }
    const updates = tableRows.filter((r) => r.op === 'update');
    if (updates.length === 0) continue;
    const updated = await updateRows(trx, origin, table, updates);
    const missing = updates.filter((row) => !updated.has(row.key));
    if (missing.length === 0) continue;
    const exist = await existingKeys(
      trx,
      origin.tenantId,
      table,
      missing.map((r) => r.key),
    );
    for (const row of missing) {
      const [code, reason] = exist.has(row.key)
        ? ['foreign_store', `${table.name} ${row.key} belongs to another store`]
        : ['unknown_row', `${table.name} ${row.key} does not exist on the server`];
      for (const m of row.mutations) reject(rejected, m, code, reason);
    }
  }
  return deferred;
}
