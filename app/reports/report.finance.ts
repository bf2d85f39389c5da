import type { Db } from '../db/db';
import { LEDGER_CTE, ledgerParams } from '../analytics/ledger';
import { halfUpDiv, pctOf, variationPct } from '../analytics/finance';
import { feesBy } from '../analytics/margins-fees';
import { breakdownsOf, previousPeriod, type KpiTotals, type Kpis, type LedgerGroup } from '../analytics/kpis';

/**
 * The analytics issue's money (app/analytics/ledger.ts, kpis.ts) for one location or all of
 * them: the same signed line events (`LEDGER_CTE`), restricted to `store` when given. Without a
 * store every figure equals `computeKpis` / `computeCommissions` / `computeMargins` (tested), so
 * a closed month's report shows the dashboard's numbers and the same numbers when generated
 * again later (events are dated when they happen; a later return lands in its own month).
 */
const EV_CTE = `${LEDGER_CTE}, evs AS (SELECT * FROM ev WHERE :store IS NULL OR store_id = :store)`;
const EV_TEMP = 'evs AS (SELECT * FROM temp.report_ev)';

/** The period whose events sit in `temp.report_ev` on a connection (see `withLedger`). */
const materialized = new WeakMap<Db, string>();
const keyOf = (from: string, to: string, store: string | null) => `${from}|${to}|${store ?? ''}`;

/** The `WITH` body giving `evs`: the materialized events when they are this period's, else the ledger CTE. */
function evSql(db: Db, from: string, to: string, store: string | null): string {
  return materialized.get(db) === keyOf(from, to, store) ? EV_TEMP : EV_CTE;
}

function params(from: string, to: string, store: string | null): Record<string, string | null> {
  return { ...ledgerParams(from, to), store };
}

/**
 * Runs `fn` with the period's ledger events computed once into a TEMP table (allowed on a
 * read-only connection): the report's sections then read it instead of walking the ledger
 * again for each (the same rows, so the same numbers).
 */
export function withLedger<T>(db: Db, from: string, to: string, store: string | null, fn: () => T): T {
  db.raw.exec('DROP TABLE IF EXISTS temp.report_ev');
  db.raw.prepare(`CREATE TEMP TABLE report_ev AS WITH ${EV_CTE} SELECT * FROM evs`).run(params(from, to, store));
  materialized.set(db, keyOf(from, to, store));
  try {
    return fn();
  } finally {
    materialized.delete(db);
    db.raw.exec('DROP TABLE IF EXISTS temp.report_ev');
  }
}

const TOTAL_KEYS = [
  'net_revenue',
  'purchases',
  'ticket_medio',
  'items_per_sale_milli',
  'discounts',
  'refunds',
] as const;

/** KPIs (analytics' `Kpis` shape and definitions) of local dates [from, to], optionally of one location. */
export function locationKpis(db: Db, from: string, to: string, store: string | null): Kpis {
  const prev = previousPeriod(from, to);
  const current = totals(db, from, to, store);
  const previous = totals(db, prev.from, prev.to, store);
  const variation = Object.fromEntries(
    TOTAL_KEYS.map((k) => [k, variationPct(current[k], previous[k])]),
  ) as Kpis['variation_pct'];
  return {
    from,
    to,
    ...current,
    ...breakdowns(db, from, to, store),
    previous: { from: prev.from, to: prev.to, ...previous },
    variation_pct: variation,
  };
}

function totals(db: Db, from: string, to: string, store: string | null): KpiTotals {
  const ledger = db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT coalesce(sum(net), 0) AS net_revenue,
         coalesce(sum(CASE WHEN kind <> 'sale' THEN -net END), 0) AS refunds,
         coalesce(sum(CASE WHEN kind = 'sale' AND purchase = 1 THEN qty END), 0) AS items FROM evs`,
    )
    .get(params(from, to, store)) as { net_revenue: number; refunds: number; items: number };
  const sales = db
    .statement(
      `SELECT count(CASE WHEN a.purchase = 1 THEN 1 END) AS purchases,
         coalesce(sum(CASE WHEN a.purchase = 1 THEN a.net_cents END), 0) AS purchase_net,
         coalesce(sum(s.line_discount_cents + s.order_discount_cents + s.total_cents - a.total_cents), 0) AS discounts
       FROM analytics_sales a JOIN sales s ON s.id = a.sale_id
       WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND (:store IS NULL OR a.store_id = :store)`,
    )
    .get({ from, to, store }) as { purchases: number; purchase_net: number; discounts: number };
  return {
    net_revenue: ledger.net_revenue,
    purchases: sales.purchases,
    ticket_medio: sales.purchases ? halfUpDiv(sales.purchase_net, sales.purchases) : 0,
    items_per_sale_milli: sales.purchases ? halfUpDiv(ledger.items, sales.purchases) : 0,
    discounts: sales.discounts,
    refunds: ledger.refunds,
  };
}

function breakdowns(db: Db, from: string, to: string, store: string | null) {
  const groups = db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT e.store_id, e.salesperson_id, e.local_date, e.local_hour, sum(e.net) AS net,
         count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales
       FROM evs e GROUP BY e.store_id, e.salesperson_id, e.local_date, e.local_hour`,
    )
    .all(params(from, to, store)) as LedgerGroup[];
  const byPaymentMethod = db
    .statement(
      `SELECT CASE WHEN p.method = 'cartao_credito' AND p.installments > 1 THEN 'credito_parcelado' ELSE p.method END AS method,
         sum(p.amount_cents) AS amount, count(DISTINCT p.sale_id) AS count
       FROM analytics_sales a JOIN payments p ON p.sale_id = a.sale_id
       WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND p.amount_cents > 0
         AND (:store IS NULL OR a.store_id = :store)
       GROUP BY 1 ORDER BY amount DESC, method`,
    )
    .all({ from, to, store }) as Kpis['by_payment_method'];
  return {
    by_payment_method: byPaymentMethod,
    ...breakdownsOf(db, groups),
  };
}

/** Σ net of the period's sale events (before reversals): gross = this + discounts. */
export function salesNet(db: Db, from: string, to: string, store: string | null): number {
  const row = db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT coalesce(sum(CASE WHEN kind = 'sale' THEN net END), 0) AS n FROM evs`,
    )
    .get(params(from, to, store)) as { n: number };
  return row.n;
}

export interface ProductLine {
  key: string;
  name: string;
  kind: string;
  quantity_milli: number;
  net_revenue: number;
  margin_cents: number;
}

/** Products and procedures by net revenue (highest first), quantity in thousandths; `limit` rows. */
export function topProducts(db: Db, from: string, to: string, store: string | null, limit: number): ProductLine[] {
  return db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT coalesce(p.external_id, p.id) AS key, p.name, p.kind, sum(e.qty) AS quantity_milli,
         sum(e.net) AS net_revenue, sum(e.margin) AS margin_cents
       FROM evs e JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY p.id ORDER BY net_revenue DESC, key LIMIT ${Math.trunc(limit)}`,
    )
    .all(params(from, to, store)) as ProductLine[];
}

export interface CommissionLine {
  salesperson_external_id: string | null;
  salesperson_name: string | null;
  sales_count: number;
  net_revenue: number;
  /** Commission of the period's sales (centavos). */
  gross_commission: number;
  /** Commission reversed by the period's returns and cancellations (a positive number). */
  reversals: number;
  /** gross − reversals: analytics' `commission`. */
  commission: number;
}

/** Commissions per salesperson with the reversals apart (analytics' definition). */
export function commissionLines(db: Db, from: string, to: string, store: string | null): CommissionLine[] {
  return db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT sp.external_id AS salesperson_external_id, sp.name AS salesperson_name,
         count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales_count, sum(e.net) AS net_revenue,
         coalesce(sum(CASE WHEN e.kind = 'sale' THEN e.commission END), 0) AS gross_commission,
         coalesce(sum(CASE WHEN e.kind <> 'sale' THEN -e.commission END), 0) AS reversals,
         sum(e.commission) AS commission
       FROM evs e LEFT JOIN salespeople sp ON sp.id = e.salesperson_id
       GROUP BY e.salesperson_id ORDER BY commission DESC, salesperson_external_id`,
    )
    .all(params(from, to, store)) as CommissionLine[];
}

export interface CategoryMargin {
  category: string;
  quantity_milli: number;
  net_revenue: number;
  margin: number;
  /** Margin / net revenue in percent, two decimals half up; null when net revenue is 0. */
  margin_pct: number | null;
  /** Payment fees allocated to the category's lines (issue 17, analytics' `feesBy`). */
  fees: number;
  /** margin − fees ("Margem após taxas"). */
  margin_after_fees: number;
}

/** Margins by product category (analytics' `computeMargins(…, 'category')`), optionally one location. */
export function categoryMargins(db: Db, from: string, to: string, store: string | null): CategoryMargin[] {
  const rows = db
    .statement(
      `WITH ${evSql(db, from, to, store)} SELECT p.category AS category, sum(e.qty) AS quantity_milli, sum(e.net) AS net_revenue, sum(e.margin) AS margin
       FROM evs e JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY p.category ORDER BY margin DESC, category`,
    )
    .all(params(from, to, store)) as Omit<CategoryMargin, 'margin_pct' | 'fees' | 'margin_after_fees'>[];
  const fees = new Map(feesBy(db, from, to, 'category', store).map((f) => [f.key, f.fees]));
  return rows.map((r) => {
    const fee = fees.get(r.category) ?? 0;
    return { ...r, margin_pct: pctOf(r.margin, r.net_revenue), fees: fee, margin_after_fees: r.margin - fee };
  });
}
