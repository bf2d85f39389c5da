import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * On-device analytics (issue 13). Everything here is derived and device-local, never synced:
 * each desktop derives it from the synced facts, so syncing it would only multiply traffic.
 *
 * - `analytics_tz_offsets`: UTC offset intervals of the stores' time zones (filled by
 *   `ensureZoneOffsets` in `app/analytics/tz.ts`, which SQLite cannot compute).
 * - `analytics_sales`: one row per sale with its local date and hour in its location's zone,
 *   whether it counts for revenue (paid in full) and whether it is a purchase (aprovada,
 *   completa, parcialmente_reembolsada), its total and net value. Kept by triggers on
 *   `sale_state` (the sale's projection, written in the same transaction as every fact) and
 *   on `sales`/`stores` changes; a zone without offsets yet falls back to UTC−3 until
 *   `ensureZoneOffsets` fills it and recomputes that store's rows.
 * - `analytics_rfm_runs`: the monthly RFM runs kept for segment movement.
 * - Indexes: RFM reads one partial covering index (customer, local date, net value) over
 *   purchases; period queries walk `analytics_sales (local_date)`; returns and cancellations
 *   by date; sale items by sale for the lines of a period.
 */
export const analytics: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE analytics_tz_offsets (
        zone TEXT NOT NULL,
        from_utc TEXT NOT NULL,
        offset_minutes INTEGER NOT NULL,
        PRIMARY KEY (zone, from_utc)
      ) STRICT, WITHOUT ROWID`,
      `CREATE TABLE analytics_sales (
        sale_id TEXT PRIMARY KEY,
        customer_id TEXT,
        store_id TEXT NOT NULL,
        salesperson_id TEXT,
        occurred_at TEXT NOT NULL,
        local_date TEXT NOT NULL,
        local_hour INTEGER NOT NULL,
        status TEXT NOT NULL,
        counted INTEGER NOT NULL,
        purchase INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        net_cents INTEGER NOT NULL
      ) STRICT`,
      `CREATE INDEX analytics_sales_rfm ON analytics_sales (customer_id, local_date, net_cents) WHERE purchase = 1`,
      `CREATE INDEX analytics_sales_day ON analytics_sales (local_date, counted)`,
      `CREATE INDEX analytics_sales_store ON analytics_sales (store_id)`,
      `CREATE INDEX returns_occurred ON returns (occurred_at)`,
      `CREATE INDEX cancellations_occurred ON cancellations (occurred_at)`,
      `CREATE INDEX return_items_return ON return_items (return_id)`,
      `CREATE TABLE analytics_rfm_runs (
        as_of TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        window_days INTEGER NOT NULL,
        recency_days INTEGER NOT NULL,
        frequency INTEGER NOT NULL,
        monetary INTEGER NOT NULL,
        r INTEGER NOT NULL,
        f INTEGER NOT NULL,
        m INTEGER NOT NULL,
        segment TEXT NOT NULL,
        PRIMARY KEY (as_of, customer_id)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX analytics_rfm_runs_customer ON analytics_rfm_runs (customer_id, as_of)`,
      `CREATE TABLE analytics_rfm_run_meta (
        as_of TEXT PRIMARY KEY,
        window_days INTEGER NOT NULL,
        customers INTEGER NOT NULL,
        computed_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TRIGGER analytics_sale_state_insert AFTER INSERT ON sale_state BEGIN ${upsertSql('NEW.sale_id')} END`,
      `CREATE TRIGGER analytics_sale_state_update AFTER UPDATE ON sale_state BEGIN ${upsertSql('NEW.sale_id')} END`,
      `CREATE TRIGGER analytics_sales_update AFTER UPDATE OF customer_id, salesperson_id, store_id, occurred_at ON sales
        BEGIN ${upsertSql('NEW.id')} END`,
      `CREATE TRIGGER analytics_store_zone AFTER UPDATE OF timezone ON stores BEGIN
        ${recomputeStoreSql('NEW.id')}
      END`,
      `INSERT INTO analytics_sales ${selectSql('1 = 1')}`,
    ]);
  },
};

/** The `date()` modifier of a sale's local time: its store's offset at that instant. */
export function offsetModifierSql(occurredAt: string, storeId: string): string {
  return `(coalesce((SELECT o.offset_minutes FROM analytics_tz_offsets o
      WHERE o.zone = (SELECT st.timezone FROM stores st WHERE st.id = ${storeId})
        AND o.from_utc <= ${occurredAt} ORDER BY o.from_utc DESC LIMIT 1), -180) || ' minutes')`;
}

function selectSql(where: string): string {
  const mod = offsetModifierSql('s.occurred_at', 's.store_id');
  return `SELECT s.id, s.customer_id, s.store_id, s.salesperson_id, s.occurred_at,
      date(s.occurred_at, ${mod}), CAST(strftime('%H', s.occurred_at, ${mod}) AS INTEGER),
      ss.status, ss.paid_cents >= ss.total_cents,
      ss.status IN ('aprovada', 'completa', 'parcialmente_reembolsada'), ss.total_cents, ss.net_cents
    FROM sales s JOIN sale_state ss ON ss.sale_id = s.id WHERE ${where}`;
}

/**
 * Delete, then insert: inside a trigger `INSERT OR REPLACE` would take the outer statement's
 * conflict policy (refreshSaleState's upsert aborts), and a new rowid marks the change.
 */
function upsertSql(saleId: string): string {
  return `DELETE FROM analytics_sales WHERE sale_id = ${saleId};
    INSERT INTO analytics_sales (sale_id, customer_id, store_id, salesperson_id, occurred_at,
      local_date, local_hour, status, counted, purchase, total_cents, net_cents) ${selectSql(`s.id = ${saleId}`)};`;
}

/** Recomputes the local date and hour of one store's sales (its zone or its offsets changed). */
export function recomputeStoreSql(storeId: string): string {
  const mod = offsetModifierSql('occurred_at', 'store_id');
  return `UPDATE analytics_sales SET local_date = date(occurred_at, ${mod}),
      local_hour = CAST(strftime('%H', occurred_at, ${mod}) AS INTEGER) WHERE store_id = ${storeId};`;
}
