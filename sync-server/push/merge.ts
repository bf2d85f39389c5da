import type { Transaction } from 'kysely';
import type { PushMutation, WireValue } from '../../app/sync/protocol';
import { MERGE_KEYS as DECLARED_MERGE_KEYS, NOT_MERGED } from '../../app/sync/merge-keys';
import type { CentralDb } from '../db/schema';
import { SYNCED_TABLES, type Catalog, type SyncedTableName } from '../synced-tables';
import { arrayLiteral, run, type Origin } from './statements';

type Trx = Transaction<CentralDb>;

/**
 * The merge keys per table (issue 14), declared once in `app/sync/merge-keys.ts`: the desktop's
 * pull merges by the same keys and lists a collision on any other UNIQUE as a conflict.
 */
export const MERGE_KEYS: Partial<Record<SyncedTableName, string[][]>> = DECLARED_MERGE_KEYS;
export { NOT_MERGED };

/** Tables whose rows are hashed: ids in them are never rewritten. */
const NEVER_REWRITTEN = new Set(['audit_log']);

/** Lower-cased comparison (the device column is COLLATE NOCASE). */
const CASE_INSENSITIVE = new Set(['users.login']);

export interface Merge {
  table: string;
  from: string;
  to: string;
  key: string;
}

export interface MergeResult {
  /** The batch with every merged id replaced by the id kept (same order, same mutation ids). */
  mutations: PushMutation[];
  /** Inserts that became merges, by mutation id: they write nothing, and are logged as `merge`. */
  merges: Map<string, Merge>;
}

/** Replaces every value (and the row id) that is a merged id; the same object when none is. */
function rewrite(m: PushMutation, map: Map<string, string>): PushMutation {
  if (map.size === 0 || NEVER_REWRITTEN.has(m.table)) return m;
  let columns: Record<string, WireValue> | null = null;
  for (const [column, value] of Object.entries(m.columns)) {
    const to = typeof value === 'string' ? map.get(value) : undefined;
    if (to === undefined) continue;
    columns ??= { ...m.columns };
    columns[column] = to;
  }
  const rowId = map.get(m.row_id) ?? m.row_id;
  if (!columns && rowId === m.row_id) return m;
  return { ...m, row_id: rowId, columns: columns ?? m.columns };
}

/**
 * The merges already made that this batch names: one query, only when the tenant has any
 * (`sync_counters.has_merges`, read with the counter row the push locked).
 */
async function knownMerges(
  trx: Trx,
  tenantId: string,
  hasMerges: boolean,
  mutations: PushMutation[],
): Promise<Map<string, string>> {
  if (!hasMerges) return new Map();
  const values = new Set<string>();
  for (const m of mutations) {
    values.add(m.row_id);
    for (const value of Object.values(m.columns)) if (typeof value === 'string') values.add(value);
  }
  const rows = await run<{ from_id: string; to_id: string }>(
    trx,
    'SELECT from_id, to_id FROM sync_merges WHERE tenant_id = $1 AND from_id = ANY($2::text[])',
    [tenantId, arrayLiteral([...values])],
  );
  return new Map(rows.map((r) => [r.from_id, r.to_id]));
}

/**
 * For the inserts of one table: which collide on `key` with another row of the tenant (not
 * the same id; a row already stored under its own id is not new, so not merged). One query.
 */
async function collisions(
  trx: Trx,
  catalog: Catalog,
  tenantId: string,
  table: string,
  key: string[],
  inserts: PushMutation[],
): Promise<Map<string, string>> {
  const candidates = inserts.filter((m) => key.every((c) => m.columns[c] !== null && m.columns[c] !== undefined));
  if (candidates.length === 0) return new Map();
  const pairs = await collidingPairs(trx, catalog, tenantId, table, key, candidates);
  if (pairs.length === 0) return new Map();
  // Rare path: a row already stored under its own id is not new, so not merged; of several
  // rows with the key, the smallest id is the one kept.
  const stored = await run<{ id: string }>(
    trx,
    `SELECT id FROM "${table}" WHERE tenant_id = $1 AND id = ANY($2::text[])`,
    [tenantId, [...new Set(pairs.map((p) => p.from_id))]],
  );
  const storedIds = new Set(stored.map((r) => r.id));
  const found = new Map<string, string>();
  for (const { from_id: from, to_id: to } of pairs) {
    if (storedIds.has(from)) continue;
    const kept = found.get(from);
    if (kept === undefined || to < kept) found.set(from, to);
  }
  return found;
}

/**
 * Keys whose first column is a parent with a few rows each (a sale's lines, its installments):
 * probing by that column alone reads a handful of stored rows per value. Not a key led by a
 * column of few values (`commission_rules.scope`, `registers.store_id`) or by a parent whose
 * rows grow without bound (`cash_closings.register_id`): its probe would read all of them.
 */
const SELECTIVE_FIRST_COLUMN = new Set(['sale_items(sale_id,line_no)', 'crediario_installments(sale_id,number)']);

/**
 * Whether `collidingPairs` probes `key` once per distinct first value: only for a key of
 * `SELECTIVE_FIRST_COLUMN`, and only when the candidates share first values (at least two per
 * value on average; otherwise the whole-key probe costs the same).
 */
export function probesByFirstColumn(table: string, key: string[], candidates: PushMutation[]): boolean {
  if (key.length < 2 || !SELECTIVE_FIRST_COLUMN.has(`${table}(${key.join(',')})`)) return false;
  const prefixes = new Set(candidates.map((m) => m.columns[key[0]!]));
  return prefixes.size * 2 <= candidates.length;
}

/**
 * The rows `found` by a first-column probe matched on the whole key to the candidates (whose
 * key columns are never null): pairs (candidate id, stored id). A stored row with a NULL in a
 * key column matches nothing, as in the UNIQUE index (NULLs are distinct) — never the text
 * `'null'`. Values compare as text (a bigint may come back as a string).
 */
export function pairsByKey(
  key: string[],
  found: ({ id: string } & Record<string, unknown>)[],
  candidates: PushMutation[],
): { from_id: string; to_id: string }[] {
  const keyOf = (values: Record<string, unknown>) => key.map((c) => String(values[c])).join('\u0000');
  const byKey = new Map<string, string[]>();
  for (const row of found) {
    if (key.some((c) => row[c] === null || row[c] === undefined)) continue;
    const k = keyOf(row);
    byKey.set(k, [...(byKey.get(k) ?? []), row.id]);
  }
  return candidates.flatMap((m) =>
    (byKey.get(keyOf(m.columns)) ?? []).filter((id) => id !== m.row_id).map((id) => ({ from_id: m.row_id, to_id: id })),
  );
}

/**
 * Pairs (candidate id, id of another row of the tenant with its key). The key's lookup index
 * `(tenant_id, …key)` is probed through a `LATERAL … OFFSET 0` subquery, never flattened into a
 * join, so the plan cannot become a hash join over every row of the tenant (what the planner
 * chose when its statistics still saw the tenant as empty: 57 ms per 1,000-row batch at 14,000
 * rows and growing with the tenant, against 3 ms). A key of several columns whose candidates
 * share first values (a sale's lines: `(sale_id, line_no)`, five lines a sale) is probed once
 * per distinct first value and the rows found (usually none) matched on the whole key here
 * (`probesByFirstColumn`, `pairsByKey`): 200 probes and one array sent instead of 1,000 probes
 * and three arrays for 1,000 lines.
 */
async function collidingPairs(
  trx: Trx,
  catalog: Catalog,
  tenantId: string,
  table: string,
  key: string[],
  candidates: PushMutation[],
): Promise<{ from_id: string; to_id: string }[]> {
  const info = catalog.get(table)!;
  const type = (column: string) => (info.columns.get(column)?.type === 'bigint' ? 'bigint[]' : 'text[]');
  const caseless = (column: string) => CASE_INSENSITIVE.has(`${table}.${column}`);
  const first = key[0]!;
  if (probesByFirstColumn(table, key, candidates)) {
    const prefixes = new Set(candidates.map((m) => m.columns[first]));
    const found = await run<{ id: string } & Record<string, unknown>>(
      trx,
      `SELECT m.* FROM unnest($2::${type(first)}) AS p(k)
       CROSS JOIN LATERAL (SELECT t.id, ${key.map((c) => `t."${c}"`).join(', ')} FROM "${table}" t
         WHERE t.tenant_id = $1 AND t."${first}" = p.k OFFSET 0) m`,
      [tenantId, arrayLiteral([...prefixes])],
    );
    return found.length === 0 ? [] : pairsByKey(key, found, candidates);
  }
  const params: unknown[] = [tenantId, arrayLiteral(candidates.map((m) => m.row_id))];
  for (const column of key) params.push(arrayLiteral(candidates.map((m) => m.columns[column])));
  const unnest = ['text[]', ...key.map(type)].map((t, i) => `$${i + 2}::${t}`).join(', ');
  const aliases = key.map((_, i) => `k${i}`).join(', ');
  const match = key
    .map((column, i) => (caseless(column) ? `lower(t."${column}") = lower(u.k${i})` : `t."${column}" = u.k${i}`))
    .join(' AND ');
  return run<{ from_id: string; to_id: string }>(
    trx,
    `SELECT u.id AS from_id, m.id AS to_id
     FROM unnest(${unnest}) AS u(id, ${aliases})
     CROSS JOIN LATERAL (SELECT t.id FROM "${table}" t WHERE t.tenant_id = $1 AND ${match} AND t.id <> u.id OFFSET 0) m`,
    params,
  );
}

/**
 * Merges a batch's inserts that collide on a unique key with rows the tenant already has, and
 * redirects every later reference: tables are taken parents first (a merged sale's items then
 * collide on `(sale_id, line_no)` with the kept sale's and merge too), ids merged before (in
 * `sync_merges`) or in this batch are replaced in row ids and columns.
 */
export async function mergeUniqueKeys(
  trx: Trx,
  catalog: Catalog,
  origin: Origin,
  fresh: PushMutation[],
  hasMerges: boolean,
): Promise<MergeResult> {
  const map = await knownMerges(trx, origin.tenantId, hasMerges, fresh);
  let mutations = fresh.map((m) => rewrite(m, map));
  const merges = new Map<string, Merge>();
  for (const table of Object.keys(SYNCED_TABLES) as SyncedTableName[]) {
    const keys = MERGE_KEYS[table];
    if (!keys) continue;
    if (!mutations.some((m) => m.table === table && m.op === 'insert')) continue;
    mutations = mutations.map((m) => (m.table === table ? rewrite(m, map) : m));
    for (const key of keys) {
      const inserts = mutations.filter((m) => m.table === table && m.op === 'insert' && !merges.has(m.mutation_id));
      const found = await collisions(trx, catalog, origin.tenantId, table, key, inserts);
      for (const m of inserts) {
        const to = found.get(m.row_id);
        if (to === undefined) continue;
        map.set(m.row_id, to);
        merges.set(m.mutation_id, { table, from: m.row_id, to, key: key.join(',') });
      }
    }
  }
  if (merges.size > 0) mutations = mutations.map((m) => (merges.has(m.mutation_id) ? m : rewrite(m, map)));
  return { mutations, merges };
}

/**
 * Records the merges of a batch for the owner's list (`sync_merges`), with their log seq, and
 * marks the tenant's counter row `has_merges` (later pushes then look merges up).
 */
export async function recordMerges(
  trx: Trx,
  origin: Origin,
  merges: Map<string, Merge>,
  seqOf: Map<string, number>,
): Promise<void> {
  if (merges.size === 0) return;
  const list = [...merges.entries()];
  await run(
    trx,
    `WITH merged AS (
       INSERT INTO sync_merges (tenant_id, table_name, from_id, to_id, key_columns, device_id, seq)
       SELECT $1, u.t, u.f, u.d, u.k, $2, u.s FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
         AS u(t, f, d, k, s)
       ON CONFLICT (tenant_id, from_id) DO NOTHING
     )
     UPDATE sync_counters SET has_merges = true WHERE tenant_id = $1 AND NOT has_merges`,
    [
      origin.tenantId,
      origin.deviceId,
      arrayLiteral(list.map(([, m]) => m.table)),
      arrayLiteral(list.map(([, m]) => m.from)),
      arrayLiteral(list.map(([, m]) => m.to)),
      arrayLiteral(list.map(([, m]) => m.key)),
      arrayLiteral(list.map(([id]) => seqOf.get(id) ?? null)),
    ],
  );
}
