import type { PushMutation, PushRejection, WireValue } from '../../app/sync/protocol';
import { SyncError } from '../errors';
import type { Catalog, TableInfo } from '../synced-tables';

/** One row's net change in a batch: its mutations merged in order (later columns win). */
export interface RowChange {
  table: TableInfo;
  key: string;
  /** insert: the row is inserted (or upserted, for a record); update: existing row, given columns. */
  op: 'insert' | 'update';
  columns: Record<string, WireValue>;
  mutations: PushMutation[];
}

/**
 * Checks a batch's shape against the central schema. Any fault refuses the whole batch
 * (nothing is applied): duplicate ids, device_seq not increasing, an unknown table or column,
 * a value of the wrong type, a NULL in a NOT NULL column, a key that does not match `row_id`,
 * a `tenant_id` naming another tenant (403).
 */
export function checkBatch(mutations: PushMutation[], catalog: Catalog, tenantId: string): void {
  const seen = new Set<string>();
  let lastSeq = 0;
  for (let index = 0; index < mutations.length; index++) {
    const m = mutations[index]!;
    if (seen.has(m.mutation_id))
      throw new SyncError(409, 'duplicate_mutation', `${at(index, m)} appears twice in the batch`, m.mutation_id);
    seen.add(m.mutation_id);
    if (m.device_seq <= lastSeq)
      throw new SyncError(
        409,
        'out_of_order',
        `${at(index, m)}: device_seq must increase within a batch`,
        m.mutation_id,
      );
    lastSeq = m.device_seq;
    const table = catalog.get(m.table);
    if (!table)
      throw new SyncError(
        422,
        'unknown_table',
        `${at(index, m)}: table ${JSON.stringify(m.table)} is not synced`,
        m.mutation_id,
      );
    for (const column in m.columns) {
      if (!Object.hasOwn(m.columns, column)) continue;
      const value = m.columns[column];
      if (column === 'tenant_id' && value !== tenantId) {
        throw new SyncError(403, 'foreign_tenant', `${at(index, m)}: the row names another tenant`, m.mutation_id);
      }
      const info = table.columns.get(column);
      if (!info)
        throw new SyncError(
          422,
          'unknown_column',
          `${at(index, m)}: ${m.table} has no synced column ${JSON.stringify(column)}`,
          m.mutation_id,
        );
      if (value === null) {
        if (!info.nullable)
          throw new SyncError(422, 'wrong_type', `${at(index, m)}: ${m.table}.${column} cannot be null`, m.mutation_id);
      } else if (info.type === 'bigint' ? !Number.isSafeInteger(value) : typeof value !== 'string') {
        throw new SyncError(
          422,
          'wrong_type',
          `${at(index, m)}: ${m.table}.${column} must be ${info.type === 'bigint' ? 'an integer' : 'text'}`,
          m.mutation_id,
        );
      }
    }
    const key = m.columns[table.key];
    if (m.op === 'insert' ? key !== m.row_id : key !== undefined && key !== m.row_id) {
      throw new SyncError(
        422,
        'invalid_mutation',
        `${at(index, m)}: ${m.table}.${table.key} must equal row_id`,
        m.mutation_id,
      );
    }
  }
}

/** How a fault names the mutation (built only for a fault: no closure per mutation). */
function at(index: number, m: PushMutation): string {
  return `mutation ${index} (${m.mutation_id})`;
}

/** The store ids a mutation names (a `store_id` column, or the id of a `stores` row). */
export function namedStores(m: PushMutation): string[] {
  const named: string[] = [];
  if (m.table === 'stores') named.push(m.row_id);
  const storeId = m.columns.store_id;
  if (m.table !== 'stores' && typeof storeId === 'string') named.push(storeId);
  return named;
}

/** The store ids other than `own` that the mutations name (`namedStores`), without an array per mutation. */
export function otherStoresNamed(mutations: readonly PushMutation[], own: string): string[] {
  const named = new Set<string>();
  for (const m of mutations) {
    const id = m.table === 'stores' ? m.row_id : m.columns.store_id;
    if (typeof id === 'string' && id !== own) named.add(id);
  }
  return [...named];
}

/**
 * Merges the batch's new mutations per row, in batch order. Mutations refused on their own
 * (an update of a fact, a second insert of a fact) go to `rejected` and are not merged.
 */
export function mergeRows(
  mutations: PushMutation[],
  catalog: Catalog,
  rejected: Map<string, PushRejection>,
): RowChange[] {
  const rows = new Map<string, RowChange>();
  for (const m of mutations) {
    const table = catalog.get(m.table) as TableInfo;
    const id = `${m.table}\u0000${m.row_id}`;
    const row = rows.get(id);
    if (table.kind === 'fact') {
      if (m.op === 'update') {
        reject(rejected, m, 'immutable_fact', `${m.table} rows are facts: they are inserted once, never updated`);
      } else if (row) {
        reject(rejected, m, 'duplicate_row', `${m.table} ${m.row_id} was already inserted by another mutation`);
      } else {
        // A fact row is its one insert: its columns are never merged into, so not copied.
        rows.set(id, { table, key: m.row_id, op: 'insert', columns: m.columns, mutations: [m] });
      }
      continue;
    }
    if (!row) {
      rows.set(id, { table, key: m.row_id, op: m.op, columns: { ...m.columns }, mutations: [m] });
      continue;
    }
    Object.assign(row.columns, m.columns);
    if (m.op === 'insert') row.op = 'insert';
    row.mutations.push(m);
  }
  return [...rows.values()];
}

export function reject(rejected: Map<string, PushRejection>, m: PushMutation, code: string, reason: string): void {
  rejected.set(m.mutation_id, { mutation_id: m.mutation_id, code, reason });
}
