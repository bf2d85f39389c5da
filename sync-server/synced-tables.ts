import { sql, type Kysely } from 'kysely';
import type { CentralDb } from './db/schema';

export type SyncKind = 'fact' | 'record';
export type ColumnType = 'text' | 'bigint';

/**
 * The synced tables as the server knows them: kind and key mirror `SYNCED` in
 * app/sync/outbox.ts (a test checks it); `originStore` says the central table has a `store_id`
 * the device row lacks (filled from the token); `naturalStore` says the device row names its
 * store itself (checked against the token's store). Columns and types come from the central
 * schema at start, so a new central migration is all a new device column needs.
 */
export const SYNCED_TABLES = {
  stores: { kind: 'record', key: 'id', originStore: false, naturalStore: false },
  store_logos: { kind: 'record', key: 'id', originStore: false, naturalStore: true },
  registers: { kind: 'record', key: 'id', originStore: false, naturalStore: true },
  users: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  products: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  variants: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  barcodes: { kind: 'record', key: 'code', originStore: true, naturalStore: false },
  salespeople: { kind: 'record', key: 'id', originStore: false, naturalStore: true },
  customers: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  commission_rules: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  sales: { kind: 'fact', key: 'id', originStore: false, naturalStore: true },
  sale_items: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  sale_discounts: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  payments: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  cancellations: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  returns: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  return_items: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  fiscal_documents: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  sale_status_history: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  stock_movements: { kind: 'fact', key: 'id', originStore: false, naturalStore: true },
  loyalty_movements: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  cash_sessions: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  cash_movements: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  cash_closings: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  leads: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  lead_stage_changes: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  lead_activities: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  lead_config: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  professionals: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  schedule_exceptions: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  schedule_blocks: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  resources: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  appointments: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  appointment_history: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  package_movements: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  payment_fee_rules: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  payment_settlements: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  crediario_installments: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  installment_receipts: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  chargebacks: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  sale_expirations: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  crediario_limits: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  audit_log: { kind: 'fact', key: 'id', originStore: true, naturalStore: false },
  consents: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
  privacy_requests: { kind: 'record', key: 'id', originStore: true, naturalStore: false },
} as const satisfies Record<string, { kind: SyncKind; key: string; originStore: boolean; naturalStore: boolean }>;

export type SyncedTableName = keyof typeof SYNCED_TABLES;

export interface ColumnInfo {
  type: ColumnType;
  nullable: boolean;
}

export interface TableInfo {
  name: SyncedTableName;
  kind: SyncKind;
  key: string;
  originStore: boolean;
  naturalStore: boolean;
  /** The device's columns (no tenant_id, device_id or origin store_id). */
  columns: Map<string, ColumnInfo>;
}

export type Catalog = Map<string, TableInfo>;

/** Reads the synced tables' device columns from the central schema. */
export async function loadCatalog(db: Kysely<CentralDb>): Promise<Catalog> {
  const names = Object.keys(SYNCED_TABLES);
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ANY(${names}::text[])
    ORDER BY table_name, ordinal_position`.execute(db);
  const catalog: Catalog = new Map();
  for (const name of names as SyncedTableName[]) {
    const spec = SYNCED_TABLES[name];
    catalog.set(name, { name, ...spec, columns: new Map() });
  }
  for (const row of rows) {
    const table = catalog.get(row.table_name);
    if (!table) continue;
    const origin = row.column_name === 'tenant_id' || row.column_name === 'device_id';
    if (origin || (table.originStore && row.column_name === 'store_id')) continue;
    if (row.data_type !== 'text' && row.data_type !== 'bigint') {
      throw new Error(`central column ${row.table_name}.${row.column_name} has unsupported type ${row.data_type}`);
    }
    table.columns.set(row.column_name, { type: row.data_type, nullable: row.is_nullable === 'YES' });
  }
  for (const table of catalog.values()) {
    if (!table.columns.has(table.key)) throw new Error(`central table ${table.name} is missing`);
  }
  return catalog;
}
