import { type Kysely, type Migration } from 'kysely';
import { runStatements } from './run-sql';
import { offsetModifierSql } from './0017_analytics';

/**
 * The analytics day cache (issue 13: the dashboard's data in under 500 ms over a million
 * sales). Derived and device-local, never synced: each desktop derives it from the synced facts.
 *
 * One row in `analytics_days` means "this local date's aggregates are stored and current";
 * the aggregates are the ledger of that one day grouped as the dashboard and the KPIs need it
 * (`analytics_day_groups`: store × salesperson × hour; `_products`: by variant; `_customers`;
 * `_payments`: by method; the day row itself: purchases, their net values, discounts).
 *
 * Invalidation, not maintenance: triggers on every fact the ledger reads (the `analytics_sales`
 * projection, sale items, later discounts, payments, returns and their items, cancellations,
 * the sales' discount columns) delete the `analytics_days` row of each local date the change
 * touches (a sale's date and the dates of its returns and cancellation, in its store's zone);
 * a change of zone or of zone offsets deletes them all. A deleted day is recomputed from the
 * ledger when next asked for (`app/analytics/day-cache.ts`). Rows of an invalidated day left in
 * the aggregate tables are ignored (only days with an `analytics_days` row are read) and
 * replaced at the recomputation. On the write path a trigger is one or two indexed deletes.
 *
 * No backfill: the cache starts empty and a day is stored the first time a period holding it is
 * read (`periodAggregates` with `keepInto`), so upgrading a database of a million sales costs
 * nothing at start-up (a backfill of its whole history took minutes) and the first dashboard
 * of a month pays once for its days. A later change of the ledger's definition needs a
 * migration that empties `analytics_days`.
 */
export const analyticsDayCache: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [...DAY_CACHE_TABLES, ...invalidationTriggers()]);
  },
};

const DAY_CACHE_TABLES = [
  `CREATE TABLE analytics_days (
    local_date TEXT PRIMARY KEY,
    purchases INTEGER NOT NULL,
    purchase_net INTEGER NOT NULL,
    discounts INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE analytics_day_groups (
    local_date TEXT NOT NULL,
    store_id TEXT NOT NULL,
    salesperson_id TEXT NOT NULL,
    local_hour INTEGER NOT NULL,
    net INTEGER NOT NULL,
    sales INTEGER NOT NULL,
    refunds INTEGER NOT NULL,
    items INTEGER NOT NULL,
    PRIMARY KEY (local_date, store_id, salesperson_id, local_hour)
  ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE analytics_day_products (
    local_date TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    qty_milli INTEGER NOT NULL,
    net INTEGER NOT NULL,
    margin INTEGER NOT NULL,
    PRIMARY KEY (local_date, variant_id)
  ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE analytics_day_customers (
    local_date TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    purchases INTEGER NOT NULL,
    net INTEGER NOT NULL,
    PRIMARY KEY (local_date, customer_id)
  ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE analytics_day_payments (
    local_date TEXT NOT NULL,
    method TEXT NOT NULL,
    amount INTEGER NOT NULL,
    sales INTEGER NOT NULL,
    PRIMARY KEY (local_date, method)
  ) STRICT, WITHOUT ROWID`,
];

/**
 * The day aggregates of local dates [:from, :to] as SELECTs over a ledger CTE named `ev`
 * (parameters :from, :to, :from_utc, :to_utc). `salesperson_id` '' stands for none. Used by
 * `fillDaysStatements` and by the live path of `app/analytics/day-cache.ts`, so both group the same way.
 */
export function dayAggregateSql(ledgerCte: string) {
  return {
    groups: `WITH ${ledgerCte} SELECT e.local_date, e.store_id, coalesce(e.salesperson_id, '') AS salesperson_id,
        e.local_hour, sum(e.net) AS net, count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales,
        coalesce(sum(CASE WHEN e.kind <> 'sale' THEN -e.net END), 0) AS refunds,
        coalesce(sum(CASE WHEN e.kind = 'sale' AND e.purchase = 1 THEN e.qty END), 0) AS items
      FROM ev e GROUP BY 1, 2, 3, 4`,
    products: `WITH ${ledgerCte} SELECT e.local_date, e.variant_id, sum(e.qty) AS qty_milli, sum(e.net) AS net,
        sum(e.margin) AS margin
      FROM ev e GROUP BY 1, 2`,
    customers: `WITH ${ledgerCte} SELECT e.local_date, e.customer_id,
        count(DISTINCT CASE WHEN e.kind = 'sale' AND e.purchase = 1 THEN e.sale_id END) AS purchases, sum(e.net) AS net
      FROM ev e WHERE e.customer_id IS NOT NULL GROUP BY 1, 2`,
    payments: `SELECT a.local_date,
        CASE WHEN p.method = 'cartao_credito' AND p.installments > 1 THEN 'credito_parcelado' ELSE p.method END AS method,
        sum(p.amount_cents) AS amount, count(DISTINCT p.sale_id) AS sales
      FROM analytics_sales a JOIN payments p ON p.sale_id = a.sale_id
      WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND p.amount_cents > 0 GROUP BY 1, 2`,
    totals: `SELECT a.local_date, count(CASE WHEN a.purchase = 1 THEN 1 END) AS purchases,
        coalesce(sum(CASE WHEN a.purchase = 1 THEN a.net_cents END), 0) AS purchase_net,
        coalesce(sum(s.line_discount_cents + s.order_discount_cents + s.total_cents - a.total_cents), 0) AS discounts
      FROM analytics_sales a JOIN sales s INDEXED BY sales_discount_cover ON s.id = a.sale_id
      WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 GROUP BY 1`,
  };
}

/**
 * Statements that store the aggregates of every local date in [from, to] (none of them stored
 * yet: their leftover rows are deleted first) and mark each date stored, the empty ones too.
 * The parameters are written into the SQL (dates checked to be YYYY-MM-DD).
 */
export function fillDaysStatements(ledgerCte: string, from: string, to: string): string[] {
  const q = dayAggregateSql(ledgerCte);
  const params = ledgerBounds(from, to);
  const bind = (text: string) =>
    text.replace(/:(from_utc|to_utc|from|to)\b/g, (_, k: keyof typeof params) => `'${params[k]}'`);
  const range = `local_date >= '${from}' AND local_date <= '${to}'`;
  return [
    `DELETE FROM analytics_day_groups WHERE ${range}`,
    `DELETE FROM analytics_day_products WHERE ${range}`,
    `DELETE FROM analytics_day_customers WHERE ${range}`,
    `DELETE FROM analytics_day_payments WHERE ${range}`,
    `INSERT INTO analytics_day_groups ${bind(q.groups)}`,
    `INSERT INTO analytics_day_products ${bind(q.products)}`,
    `INSERT INTO analytics_day_customers ${bind(q.customers)}`,
    `INSERT INTO analytics_day_payments ${bind(q.payments)}`,
    `INSERT OR REPLACE INTO analytics_days (local_date, purchases, purchase_net, discounts)
      WITH RECURSIVE d(day) AS (SELECT '${from}' UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < '${to}')
      SELECT d.day, coalesce(t.purchases, 0), coalesce(t.purchase_net, 0), coalesce(t.discounts, 0)
      FROM d LEFT JOIN (${bind(q.totals)}) t ON t.local_date = d.day`,
  ];
}

/** The ledger's bounds: the local dates and UTC instants wide enough for any zone. */
function ledgerBounds(from: string, to: string) {
  if (!/^\d{4}-\d\d-\d\d$/.test(from) || !/^\d{4}-\d\d-\d\d$/.test(to)) throw new Error(`bad dates ${from} ${to}`);
  const shift = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { from, to, from_utc: `${shift(from, -1)}T00:00:00.000Z`, to_utc: `${shift(to, 2)}T00:00:00.000Z` };
}

/** Deletes the day rows of the local dates a SELECT names. */
function forget(datesSql: string): string {
  return `DELETE FROM analytics_days WHERE local_date IN (${datesSql});`;
}

/** A sale's own date and its returns' and cancellation's dates, in the zone of `storeId`. */
function saleDates(saleId: string, storeId: string, localDate: string): string {
  const mod = (at: string) => offsetModifierSql(at, storeId);
  return `SELECT ${localDate}
    UNION ALL SELECT date(r.occurred_at, ${mod('r.occurred_at')}) FROM returns r WHERE r.sale_id = ${saleId}
    UNION ALL SELECT date(c.occurred_at, ${mod('c.occurred_at')}) FROM cancellations c WHERE c.sale_id = ${saleId}`;
}

/** The dates of a sale found through its projection row (none when it has none yet). */
function datesOfSale(saleId: string): string {
  return `SELECT a.local_date FROM analytics_sales a WHERE a.sale_id = ${saleId}
    UNION ALL SELECT date(r.occurred_at, ${offsetModifierSql('r.occurred_at', 'a.store_id')})
      FROM returns r JOIN analytics_sales a ON a.sale_id = r.sale_id WHERE r.sale_id = ${saleId}
    UNION ALL SELECT date(c.occurred_at, ${offsetModifierSql('c.occurred_at', 'a.store_id')})
      FROM cancellations c JOIN analytics_sales a ON a.sale_id = c.sale_id WHERE c.sale_id = ${saleId}`;
}

/** The date of a return or cancellation row (`row` is NEW or OLD), in its sale's store zone. */
function eventDate(row: string): string {
  return `SELECT date(${row}.occurred_at, ${offsetModifierSql(`${row}.occurred_at`, 'a.store_id')})
    FROM analytics_sales a WHERE a.sale_id = ${row}.sale_id`;
}

function returnItemDate(row: string): string {
  return `SELECT date(r.occurred_at, ${offsetModifierSql('r.occurred_at', 'a.store_id')})
    FROM returns r JOIN analytics_sales a ON a.sale_id = r.sale_id WHERE r.id = ${row}.return_id`;
}

/** AFTER INSERT, UPDATE and DELETE triggers on `table` forgetting the dates `dates(row)` names. */
function onChange(table: string, dates: (row: 'NEW' | 'OLD') => string): string[] {
  const name = `analytics_days_${table}`;
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} BEGIN ${forget(dates('NEW'))} END`,
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${table} BEGIN ${forget(dates('OLD'))} ${forget(dates('NEW'))} END`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} BEGIN ${forget(dates('OLD'))} END`,
  ];
}

function invalidationTriggers(): string[] {
  return [
    ...onChange('analytics_sales', (r) => saleDates(`${r}.sale_id`, `${r}.store_id`, `${r}.local_date`)),
    ...onChange('sale_items', (r) => datesOfSale(`${r}.sale_id`)),
    ...onChange('sale_discounts', (r) => datesOfSale(`${r}.sale_id`)),
    ...onChange('payments', (r) => `SELECT local_date FROM analytics_sales WHERE sale_id = ${r}.sale_id`),
    ...onChange('returns', eventDate),
    ...onChange('return_items', returnItemDate),
    ...onChange('cancellations', eventDate),
    `CREATE TRIGGER analytics_days_sales_discounts AFTER UPDATE OF line_discount_cents, order_discount_cents, total_cents
      ON sales BEGIN ${forget('SELECT local_date FROM analytics_sales WHERE sale_id = NEW.id')} END`,
    // A zone's offsets or a store's zone changed: every local date may have moved.
    `CREATE TRIGGER analytics_days_offsets_insert AFTER INSERT ON analytics_tz_offsets BEGIN DELETE FROM analytics_days; END`,
    `CREATE TRIGGER analytics_days_offsets_update AFTER UPDATE ON analytics_tz_offsets BEGIN DELETE FROM analytics_days; END`,
    `CREATE TRIGGER analytics_days_offsets_delete AFTER DELETE ON analytics_tz_offsets BEGIN DELETE FROM analytics_days; END`,
    `CREATE TRIGGER analytics_days_store_zone AFTER UPDATE OF timezone ON stores BEGIN DELETE FROM analytics_days; END`,
  ];
}
