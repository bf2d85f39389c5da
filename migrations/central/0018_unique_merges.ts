import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * Unique keys across desktops (issue 14). Two desktops may create the same SKU, CPF, register
 * code… offline; the server keeps the row it had first and maps the other's id to it.
 * - `sync_merges`: each such mapping (the owner's list of merges; later mutations naming the
 *   merged id are redirected through it), row-level security like every tenant table;
 * - `sync_log.op` also admits `merge` (its `columns` is `{ "merged_into": id }`), which the
 *   shape route sends to every desktop;
 * - one lookup index per merged unique key, `(tenant_id, …key)`, since the device UNIQUEs are
 *   scoped to the device that wrote the rows (`(tenant_id, device_id, …)`).
 */
export const LOOKUPS: [string, string][] = [
  ['registers', 'store_id, code'],
  ['users', 'lower(login)'],
  ['products', 'external_id'],
  ['variants', 'external_id'],
  ['salespeople', 'external_id'],
  ['customers', 'cpf'],
  ['customers', 'external_id'],
  ['commission_rules', 'scope, target'],
  ['sales', 'external_id'],
  ['sale_items', 'sale_id, line_no'],
  ['sale_discounts', 'external_id'],
  ['payments', 'external_id'],
  ['cancellations', 'sale_id'],
  ['cancellations', 'external_id'],
  ['returns', 'external_id'],
  ['fiscal_documents', 'nfe_key'],
  ['loyalty_movements', 'external_id'],
  ['cash_closings', 'session_id'],
  ['cash_closings', 'register_id, number'],
  ['leads', 'external_id'],
  ['professionals', 'salesperson_id'],
  ['professionals', 'external_id'],
  ['schedule_exceptions', 'professional_id, date'],
  ['resources', 'external_id'],
  ['appointments', 'external_id'],
  ['crediario_installments', 'sale_id, number'],
  ['installment_receipts', 'external_id'],
  ['chargebacks', 'external_id'],
  ['sale_expirations', 'sale_id'],
];

const indexName = (table: string, columns: string) =>
  `${table}_merge_${columns.replace(/lower\((\w+)\)/g, '$1').replace(/[^a-z_]+/g, '_')}`;

export const uniqueMerges: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_merges (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        table_name TEXT NOT NULL,
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        key_columns TEXT NOT NULL,
        device_id TEXT NOT NULL,
        seq BIGINT NOT NULL CHECK (seq > 0),
        merged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, from_id),
        CHECK (from_id <> to_id)
      )`,
      ...tenantPolicy('sync_merges'),
      `ALTER TABLE sync_log DROP CONSTRAINT sync_log_op_check`,
      `ALTER TABLE sync_log ADD CONSTRAINT sync_log_op_check CHECK (op IN ('insert', 'update', 'merge'))`,
      ...LOOKUPS.map(
        ([table, columns]) => `CREATE INDEX ${indexName(table, columns)} ON ${table} (tenant_id, ${columns})`,
      ),
    ]);
  },
};
