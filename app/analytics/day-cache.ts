import type { Db } from '../db/db';
import { isBusy } from '../db/db';
import { dayAggregateSql, fillDaysStatements } from '../../migrations/device/0026_analytics_day_cache';
import { LEDGER_CTE, ledgerParams } from './ledger';
import { addDays, localDate } from './tz';
import { log } from '../log';

/**
 * The ledger of one local date grouped by store × salesperson × hour (net, sales, refunds and
 * purchased items in thousandths; money in centavos). A sale sits in exactly one group.
 */
export interface DayGroup {
  local_date: string;
  store_id: string;
  salesperson_id: string | null;
  local_hour: number;
  net: number;
  sales: number;
  refunds: number;
  items: number;
}

/** The parts of `periodAggregates` beyond groups and totals, read only when asked for. */
export type AggregatePart = 'payments' | 'products' | 'top_customers';

/** A period's aggregates (issue 13's ledger and KPI definitions), summed over its local dates. */
export interface PeriodAggregates {
  groups: DayGroup[];
  /** Purchases dated in the period, the sum of their net values, discounts of counted sales. */
  totals: { purchases: number; purchase_net: number; discounts: number };
  /** By payment method (`credito_parcelado` apart): amount paid on counted sales, sales. */
  payments: { method: string; amount: number; count: number }[];
  /** By variant: qty (thousandths), net and margin (centavos) of the period's line events. */
  products: { variant_id: string; qty_milli: number; net: number; margin: number }[];
  /**
   * The ten customers on file of most net revenue (then name, then id): purchases among the
   * period's sales and the net of their events.
   */
  top_customers: { customer_id: string; name: string; purchases: number; net_revenue: number }[];
}

const SQL = dayAggregateSql(LEDGER_CTE);

/**
 * The aggregates of local dates [from, to], read from the day cache (device 0026) for the dates
 * stored there and computed from the ledger for the others — identical either way (the cache is
 * the same SQL grouped by date). With `keepInto` (a writable connection: the same one, or the
 * analytics worker's keeper) the missing dates before `before` (default: today in the first
 * store's zone) are computed and stored first, in one write transaction that reads on that
 * connection, so a write cannot slip between computing a day and storing it; triggers forget a
 * day whenever a fact of it changes. Reading happens in one read transaction (one snapshot).
 */
export function periodAggregates(
  db: Db,
  from: string,
  to: string,
  parts: readonly AggregatePart[],
  options: { keepInto?: Db | undefined; before?: string } = {},
): PeriodAggregates {
  if (options.keepInto) {
    const before = options.before ?? todayOf(db);
    const last = to < before ? to : addDays(before, -1);
    if (from <= last) storeMissingDays(options.keepInto, from, last);
  }
  return inReadTransaction(db, () => readAggregates(db, from, to, new Set(parts)));
}

/** Today (YYYY-MM-DD) in the zone of the first store: days before it are worth keeping. */
function todayOf(db: Db): string {
  const row = db.statement('SELECT timezone FROM stores ORDER BY created_at, id LIMIT 1').get() as
    { timezone: string } | undefined;
  return localDate(new Date().toISOString(), row?.timezone ?? 'America/Sao_Paulo');
}

function inReadTransaction<T>(db: Db, fn: () => T): T {
  if (db.raw.inTransaction) return fn();
  return db.raw.transaction(fn).deferred();
}

/** Consecutive runs [from, to] of the dates in [first, last] that are not in `have`. */
export function missingRanges(first: string, last: string, have: ReadonlySet<string>): [string, string][] {
  const out: [string, string][] = [];
  let start: string | null = null;
  for (let d = first; d <= last; d = addDays(d, 1)) {
    if (!have.has(d)) {
      start ??= d;
    } else if (start) {
      out.push([start, addDays(d, -1)]);
      start = null;
    }
  }
  if (start) out.push([start, last]);
  return out;
}

function storedDays(db: Db, from: string, to: string): Set<string> {
  const rows = db
    .statement('SELECT local_date FROM analytics_days WHERE local_date >= ? AND local_date <= ?')
    .pluck()
    .all(from, to) as string[];
  return new Set(rows);
}

/**
 * Computes and stores the day aggregates of the dates in [from, to] not stored yet, one write
 * transaction per day: a month of a million-sale store takes seconds to compute, and the counter
 * must never wait that long for the write lock (a day is a fraction of a second). Stops (logged)
 * when another process holds the write lock: the caller then computes the rest live.
 */
export function storeMissingDays(keeper: Db, from: string, to: string): void {
  for (const [a, b] of missingRanges(from, to, storedDays(keeper, from, to))) {
    for (let day = a; day <= b; day = addDays(day, 1)) {
      try {
        keeper.transaction(() => {
          if (storedDays(keeper, day, day).size > 0) return; // stored meanwhile by another reader
          // Rarely run and with the dates written in: prepared uncached.
          for (const statement of fillDaysStatements(LEDGER_CTE, day, day)) keeper.raw.prepare(statement).run();
        });
      } catch (error) {
        if (!isBusy(error)) throw error;
        log.warn('analytics: day cache not stored, database busy', { from: day, to });
        return;
      }
    }
  }
}

type Row<K extends 'payments' | 'products'> = PeriodAggregates[K][number];
type CustomerSum = { customer_id: string; purchases: number; net: number };

function readAggregates(db: Db, from: string, to: string, parts: Set<AggregatePart>): PeriodAggregates {
  const days = db
    .statement(
      `SELECT local_date, purchases, purchase_net, discounts FROM analytics_days WHERE local_date >= ? AND local_date <= ?`,
    )
    .all(from, to) as { local_date: string; purchases: number; purchase_net: number; discounts: number }[];
  const totals = { purchases: 0, purchase_net: 0, discounts: 0 };
  for (const d of days) {
    totals.purchases += d.purchases;
    totals.purchase_net += d.purchase_net;
    totals.discounts += d.discounts;
  }
  const stored = (table: string, select: string, group = '') =>
    db
      .statement(
        `SELECT ${select} FROM ${table} c WHERE c.local_date >= :from AND c.local_date <= :to
         AND c.local_date IN (SELECT local_date FROM analytics_days WHERE local_date >= :from AND local_date <= :to) ${group}`,
      )
      .all({ from, to });
  const groups = (
    stored(
      'analytics_day_groups',
      'local_date, store_id, salesperson_id, local_hour, net, sales, refunds, items',
    ) as DayGroup[]
  ).map((g) => ({ ...g, salesperson_id: g.salesperson_id || null }));
  const payments = parts.has('payments')
    ? (stored(
        'analytics_day_payments',
        'method, sum(amount) AS amount, sum(sales) AS count',
        'GROUP BY method',
      ) as Row<'payments'>[])
    : [];
  const products = parts.has('products')
    ? (stored(
        'analytics_day_products',
        'variant_id, sum(qty_milli) AS qty_milli, sum(net) AS net, sum(margin) AS margin',
        'GROUP BY variant_id',
      ) as Row<'products'>[])
    : [];
  const customers: CustomerSum[] = [];
  const live = missingRanges(from, to, new Set(days.map((d) => d.local_date)));
  for (const [a, b] of live) {
    const p = ledgerParams(a, b);
    const rows = <T>(sql: string) => db.statement(sql).all(p) as T[];
    for (const g of rows<DayGroup>(SQL.groups)) groups.push({ ...g, salesperson_id: g.salesperson_id || null });
    for (const t of rows<typeof totals>(SQL.totals)) {
      totals.purchases += t.purchases;
      totals.purchase_net += t.purchase_net;
      totals.discounts += t.discounts;
    }
    if (parts.has('payments')) {
      payments.push(
        ...rows<{ method: string; amount: number; sales: number }>(SQL.payments).map((r) => ({
          method: r.method,
          amount: r.amount,
          count: r.sales,
        })),
      );
    }
    if (parts.has('products')) products.push(...rows<Row<'products'>>(SQL.products));
    if (parts.has('top_customers')) customers.push(...rows<CustomerSum>(SQL.customers));
  }
  const merged = live.length > 0;
  return {
    groups,
    totals,
    payments: sortPayments(merged ? sumBy(payments, (r) => r.method, ['amount', 'count']) : payments),
    products: merged ? sumBy(products, (r) => r.variant_id, ['qty_milli', 'net', 'margin']) : products,
    top_customers: parts.has('top_customers') ? topCustomers(db, from, to, customers) : [],
  };
}

/**
 * The top ten customers over the stored days plus the live rows, in SQL (its ordering, exact):
 * first among the customers whose net reaches the tenth largest (ties included), which are the
 * top ten unless some are no longer on file; then, if fewer than ten remain, among all.
 */
function topCustomers(
  db: Db,
  from: string,
  to: string,
  live: readonly CustomerSum[],
): PeriodAggregates['top_customers'] {
  const params = { from, to, live: JSON.stringify(live) };
  const ranked = (cut: boolean) =>
    db
      .statement(
        `WITH g AS MATERIALIZED (
           SELECT customer_id, sum(purchases) AS purchases, sum(net) AS net_revenue FROM (
             SELECT c.customer_id, c.purchases, c.net FROM analytics_day_customers c
             WHERE c.local_date >= :from AND c.local_date <= :to
               AND c.local_date IN (SELECT local_date FROM analytics_days WHERE local_date >= :from AND local_date <= :to)
             UNION ALL SELECT json_extract(j.value, '$.customer_id'), json_extract(j.value, '$.purchases'),
               json_extract(j.value, '$.net') FROM json_each(:live) j)
           GROUP BY customer_id)
         SELECT g.customer_id, c.name, g.purchases, g.net_revenue FROM g JOIN customers c ON c.id = g.customer_id
         ${cut ? 'WHERE g.net_revenue >= (SELECT net_revenue FROM g ORDER BY net_revenue DESC LIMIT 1 OFFSET 9)' : ''}
         ORDER BY g.net_revenue DESC, c.name, c.id LIMIT 10`,
      )
      .all(params) as PeriodAggregates['top_customers'];
  const top = ranked(true);
  return top.length >= 10 ? top : ranked(false);
}

/** Rows with the same key summed field by field (integers). */
function sumBy<T extends object>(rows: readonly T[], key: (r: T) => string, fields: readonly (keyof T)[]): T[] {
  const acc = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const seen = acc.get(k);
    if (!seen) {
      acc.set(k, { ...r });
      continue;
    }
    for (const f of fields) (seen[f] as number) += r[f] as number;
  }
  return [...acc.values()];
}

/** Largest amount first, then the method's name (byte order, as SQLite's ORDER BY). */
function sortPayments(rows: Row<'payments'>[]): Row<'payments'>[] {
  return rows.sort((a, b) => b.amount - a.amount || (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
}
