import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { ensureZoneOffsets } from '../../app/analytics/tz';
import { projectSaleState } from '../../app/sales/sale-state';
import { APP_ROLE } from '../../migrations/central/run-sql';
import type { CentralDb } from '../db/schema';
import type { Catalog, TableInfo } from '../synced-tables';

/**
 * A tenant's desktop, rebuilt on the server: an in-memory SQLite database with the device
 * schema holding the tenant's synced rows read from central Postgres, with the device's own
 * projections derived from them (`sale_state` by `projectSaleState`, `analytics_sales` and
 * `stock_levels` by their triggers, zone offsets by `ensureZoneOffsets`) — what a desktop that
 * pulled everything holds. The consolidated reports and the external sales API run the device's
 * own code on it, so their answers are the device's definitions by construction.
 */
export interface Replica {
  db: Db;
  /** The tenant's `sync_log` position the rows were read at. */
  lastSeq: number;
  /** Sales read (after the store filter). */
  sales: number;
}

export interface ReplicaScope {
  /** Only this store's sales and their facts (catalog, people and stores stay whole). */
  storeId?: string;
  /** Tables to read; default every synced table but the audit log. */
  tables?: readonly string[];
}

/** The tables the analytics definitions read. */
export const ANALYTICS_TABLES = [
  'stores',
  'users',
  'products',
  'variants',
  'salespeople',
  'customers',
  'commission_rules',
  'sales',
  'sale_items',
  'sale_discounts',
  'payments',
  'cancellations',
  'returns',
  'return_items',
  'fiscal_documents',
  'sale_expirations',
  'chargebacks',
  'crediario_installments',
] as const;

/** Every synced table but the audit log (the external API's replica). */
export function replicaTables(catalog: Catalog): string[] {
  return [...catalog.keys()].filter((name) => name !== 'audit_log');
}

let template: Buffer | null = null;

/** A fresh device database (migrated once per process, then copied from memory). */
async function emptyDevice(): Promise<Db> {
  if (!template) {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw));
    template = raw.serialize();
    raw.close();
  }
  const raw = new BetterSqlite3(template);
  raw.pragma('foreign_keys = OFF');
  return new Db(raw);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Which rows of a table belong to the scope (SQL over alias `t`, parameter $2 = store id). */
function storeFilter(table: TableInfo): string {
  if (table.name === 'sales') return 't.store_id = $2';
  if (table.name === 'return_items') {
    return `t.return_id IN (SELECT r.id FROM returns r JOIN sales s ON s.tenant_id = r.tenant_id AND s.id = r.sale_id
      WHERE r.tenant_id = $1 AND s.store_id = $2)`;
  }
  if (table.columns.has('sale_id')) {
    return 't.sale_id IN (SELECT s.id FROM sales s WHERE s.tenant_id = $1 AND s.store_id = $2)';
  }
  return 'true';
}

/**
 * Reads the tenant's rows from central (as the tenant, under RLS, in one REPEATABLE READ
 * transaction together with its `sync_log` position) into a new replica. Rows a device UNIQUE
 * refuses (two desktops' SKU or CPF) are skipped, as a desktop's pull skips them.
 */
export async function buildReplica(
  central: Kysely<CentralDb>,
  catalog: Catalog,
  tenantId: string,
  scope: ReplicaScope = {},
  now: Date = new Date(),
): Promise<Replica> {
  const db = await emptyDevice();
  try {
    const wanted = scope.tables ?? replicaTables(catalog);
    const lastSeq = await central
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const [counter] = (
          await sql<{ last_seq: number }>`SELECT set_config('app.tenant_id', ${tenantId}, true),
            set_config('role', ${APP_ROLE}, true), (SELECT last_seq FROM sync_counters WHERE tenant_id = ${tenantId}) AS last_seq`.execute(
            trx,
          )
        ).rows;
        for (const name of wanted) {
          const table = catalog.get(name);
          if (table) await copyTable(trx, db, table, tenantId, scope.storeId);
        }
        return Number(counter?.last_seq ?? 0);
      });
    const saleIds = db.raw.prepare('SELECT id FROM sales').pluck().all() as string[];
    const at = now.toISOString();
    db.raw.transaction(() => {
      for (const id of saleIds) projectSaleState(db, id, at);
    })();
    ensureZoneOffsets(db);
    return { db, lastSeq, sales: saleIds.length };
  } catch (error) {
    db.raw.close();
    throw error;
  }
}

const PAGE_ROWS = 5000;

async function copyTable(
  trx: Kysely<CentralDb>,
  db: Db,
  table: TableInfo,
  tenantId: string,
  storeId: string | undefined,
): Promise<void> {
  const deviceColumns = new Set(
    db.raw.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table.name) as string[],
  );
  if (deviceColumns.size === 0) return;
  const columns = [...table.columns.keys()].filter((c) => deviceColumns.has(c));
  const insert = db.raw.prepare(
    `INSERT OR IGNORE INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const where = storeId === undefined ? 'true' : storeFilter(table);
  const params: unknown[] = where.includes('$2') ? [tenantId, storeId] : [tenantId];
  let after: string | null = null;
  for (;;) {
    const keyParam = `$${params.length + 1}`;
    const text: string = `SELECT ${columns.map((c) => `t.${quote(c)}`).join(', ')} FROM ${quote(table.name)} t
      WHERE t.tenant_id = $1 AND ${where} ${after === null ? '' : `AND t.${quote(table.key)} > ${keyParam}`}
      ORDER BY t.${quote(table.key)} LIMIT ${PAGE_ROWS}`;
    const { rows }: { rows: Record<string, string | number | null>[] } = await trx.executeQuery(
      CompiledQuery.raw(text, after === null ? params : [...params, after]),
    );
    db.raw.transaction(() => {
      for (const row of rows) insert.run(...columns.map((c) => row[c] ?? null));
    })();
    if (rows.length < PAGE_ROWS) return;
    after = String(rows.at(-1)?.[table.key]);
  }
}
