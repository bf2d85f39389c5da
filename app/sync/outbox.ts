import type { Insertable, Updateable } from 'kysely';
import { isoNow, type Context } from '../contract/context';
import type { Database } from '../db/schema';
import { newId } from '../db/ids';
import { toParams } from '../db/db';

type Kind = 'fact' | 'record';

/**
 * Every synced table and how it syncs. Facts are insert-only and travel as whole rows; records
 * travel as the columns that changed. Tables not listed here (settings, sale_state, the outbox
 * itself) are local to the device.
 */
const SYNCED = {
  stores: { kind: 'record', key: 'id' },
  store_logos: { kind: 'record', key: 'id' },
  registers: { kind: 'record', key: 'id' },
  users: { kind: 'record', key: 'id' },
  products: { kind: 'record', key: 'id' },
  variants: { kind: 'record', key: 'id' },
  barcodes: { kind: 'record', key: 'code' },
  salespeople: { kind: 'record', key: 'id' },
  customers: { kind: 'record', key: 'id' },
  commission_rules: { kind: 'record', key: 'id' },
  sales: { kind: 'fact', key: 'id' },
  sale_items: { kind: 'fact', key: 'id' },
  sale_discounts: { kind: 'fact', key: 'id' },
  payments: { kind: 'fact', key: 'id' },
  cancellations: { kind: 'fact', key: 'id' },
  returns: { kind: 'fact', key: 'id' },
  return_items: { kind: 'fact', key: 'id' },
  fiscal_documents: { kind: 'fact', key: 'id' },
  sale_status_history: { kind: 'fact', key: 'id' },
  stock_movements: { kind: 'fact', key: 'id' },
  loyalty_movements: { kind: 'fact', key: 'id' },
  cash_sessions: { kind: 'fact', key: 'id' },
  cash_movements: { kind: 'fact', key: 'id' },
  cash_closings: { kind: 'fact', key: 'id' },
  leads: { kind: 'record', key: 'id' },
  lead_stage_changes: { kind: 'fact', key: 'id' },
  lead_activities: { kind: 'record', key: 'id' },
  lead_config: { kind: 'record', key: 'id' },
  professionals: { kind: 'record', key: 'id' },
  schedule_exceptions: { kind: 'record', key: 'id' },
  schedule_blocks: { kind: 'record', key: 'id' },
  resources: { kind: 'record', key: 'id' },
  appointments: { kind: 'record', key: 'id' },
  appointment_history: { kind: 'fact', key: 'id' },
  package_movements: { kind: 'fact', key: 'id' },
  payment_fee_rules: { kind: 'record', key: 'id' },
  payment_settlements: { kind: 'fact', key: 'id' },
  crediario_installments: { kind: 'record', key: 'id' },
  installment_receipts: { kind: 'fact', key: 'id' },
  chargebacks: { kind: 'record', key: 'id' },
  sale_expirations: { kind: 'fact', key: 'id' },
  crediario_limits: { kind: 'record', key: 'id' },
  audit_log: { kind: 'fact', key: 'id' },
  consents: { kind: 'record', key: 'id' },
  privacy_requests: { kind: 'record', key: 'id' },
} as const satisfies Partial<Record<keyof Database, { kind: Kind; key: string }>>;

export type SyncedTable = keyof typeof SYNCED;
export type RecordTable = { [T in SyncedTable]: (typeof SYNCED)[T]['kind'] extends 'record' ? T : never }[SyncedTable];

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.hasOwn(SYNCED, name);
}

/** True for an insert-only table (its rows never change once written: sales, payments, movements). */
export function isFactTable(name: string): boolean {
  return isSyncedTable(name) && SYNCED[name].kind === 'fact';
}

/** The synced tables in declaration order (parents before children), with kind and key. */
export function syncedTableList(): { table: SyncedTable; kind: Kind; key: string }[] {
  return (Object.keys(SYNCED) as SyncedTable[]).map((table) => ({ table, ...SYNCED[table] }));
}

const OUTBOX_SQL =
  'INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, user_id, register_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

function appendOutbox(
  ctx: Context,
  table: SyncedTable,
  rowId: string,
  kind: 'insert' | 'update',
  payload: object,
): void {
  ctx.db
    .statement(OUTBOX_SQL)
    .run(
      newId(),
      table,
      rowId,
      kind,
      JSON.stringify(payload),
      ctx.session.userId,
      ctx.session.registerId,
      isoNow(ctx.clock),
    );
}

/** Per table, the INSERT statements built so far, each with the column list it names. */
const insertSql = new Map<string, { columns: readonly string[]; sql: string }[]>();

/**
 * The INSERT for these columns of `table`, built once: found by comparing the column names
 * (a row object's keys come in its literal's order, so a call site always names the same list)
 * rather than by joining them into a key per call (issue 9 item 14: 14 inserts a sale).
 */
function insertSqlFor(table: string, columns: readonly string[]): string {
  let built = insertSql.get(table);
  if (!built) {
    built = [];
    insertSql.set(table, built);
  }
  for (const entry of built) if (sameColumns(entry.columns, columns)) return entry.sql;
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  built.push({ columns, sql });
  return sql;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Inserts a row of a synced table and its outbox entry; the caller's transaction makes them one. */
export function insertRow<T extends SyncedTable>(ctx: Context, table: T, row: Insertable<Database[T]>): void {
  ctx.db.statement(insertSqlFor(table, Object.keys(row))).run(...toParams(Object.values(row)));
  const key = SYNCED[table].key as keyof typeof row;
  appendOutbox(ctx, table, String(row[key]), 'insert', row);
  ctx.audit?.push({ table, id: String(row[key]), row });
}

/**
 * Updates a mutable record column by column: only columns whose value really changes are
 * written and sent. Returns the names of the changed columns.
 */
export function updateRow<T extends RecordTable>(
  ctx: Context,
  table: T,
  id: string,
  changes: Updateable<Database[T]>,
): string[] {
  const key = SYNCED[table].key;
  const current = ctx.db.statement(`SELECT * FROM "${table}" WHERE "${key}" = ?`).get(id) as
    Record<string, unknown> | undefined;
  if (!current) throw new Error(`updateRow: ${table} ${id} not found`);
  const changed: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(changes as Record<string, unknown>)) {
    if (value === undefined) continue;
    const normalized = typeof value === 'boolean' ? Number(value) : value;
    if (current[column] !== normalized) changed[column] = normalized;
  }
  const columns = Object.keys(changed).filter((c) => c !== 'updated_at');
  if (columns.length === 0) return [];
  if ('updated_at' in current && !('updated_at' in changed)) changed.updated_at = isoNow(ctx.clock);
  const names = Object.keys(changed);
  ctx.db
    .statement(`UPDATE "${table}" SET ${names.map((c) => `"${c}" = ?`).join(', ')} WHERE "${key}" = ?`)
    .run(...toParams(Object.values(changed)), id);
  appendOutbox(ctx, table, id, 'update', changed);
  if (ctx.audit) {
    const before: Record<string, unknown> = {};
    for (const c of names) before[c] = current[c];
    ctx.audit.push({ table, id, before, after: changed });
  }
  return columns;
}
