/**
 * Test reference only (never imported by the app): the dashboard's money computed straight from
 * the ledger, as it was before the day cache (device 0026) — one ledger pass per figure. The
 * day-cache tests compare `dashboardData` with this field by field. The only change from the
 * old code: top customers tied on net revenue and name are ordered by id (as the app now is).
 */
import type { Db } from '../app/db/db';
import { LEDGER_CTE, ledgerParams } from '../app/analytics/ledger';
import { breakdownsOf, previousPeriod, type KpiTotals, type Kpis, type LedgerGroup } from '../app/analytics/kpis';
import { halfUpDiv, variationPct } from '../app/analytics/finance';
import type { DashboardData } from '../app/analytics/dashboard';

const KEYS = ['net_revenue', 'purchases', 'ticket_medio', 'items_per_sale_milli', 'discounts', 'refunds'] as const;

function totals(db: Db, from: string, to: string): KpiTotals {
  const ledger = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT coalesce(sum(net), 0) AS net_revenue,
       coalesce(sum(CASE WHEN kind <> 'sale' THEN -net END), 0) AS refunds,
       coalesce(sum(CASE WHEN kind = 'sale' AND purchase = 1 THEN qty END), 0) AS items FROM ev`,
    )
    .get(ledgerParams(from, to)) as { net_revenue: number; refunds: number; items: number };
  const sales = db
    .statement(
      `SELECT count(CASE WHEN a.purchase = 1 THEN 1 END) AS purchases,
         coalesce(sum(CASE WHEN a.purchase = 1 THEN a.net_cents END), 0) AS purchase_net,
         coalesce(sum(s.line_discount_cents + s.order_discount_cents + s.total_cents - a.total_cents), 0) AS discounts
       FROM analytics_sales a JOIN sales s ON s.id = a.sale_id
       WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1`,
    )
    .get({ from, to }) as { purchases: number; purchase_net: number; discounts: number };
  return {
    net_revenue: ledger.net_revenue,
    purchases: sales.purchases,
    ticket_medio: sales.purchases ? halfUpDiv(sales.purchase_net, sales.purchases) : 0,
    items_per_sale_milli: sales.purchases ? halfUpDiv(ledger.items, sales.purchases) : 0,
    discounts: sales.discounts,
    refunds: ledger.refunds,
  };
}

/** `computeKpis` as it was: ledger passes for the breakdowns and both periods' totals. */
export function referenceKpis(db: Db, from: string, to: string): Kpis {
  const prev = previousPeriod(from, to);
  const current = totals(db, from, to);
  const previous = totals(db, prev.from, prev.to);
  const groups = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT e.store_id, e.salesperson_id, e.local_date, e.local_hour, sum(e.net) AS net,
         count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales
       FROM ev e GROUP BY e.store_id, e.salesperson_id, e.local_date, e.local_hour`,
    )
    .all(ledgerParams(from, to)) as LedgerGroup[];
  const byPaymentMethod = db
    .statement(
      `SELECT CASE WHEN p.method = 'cartao_credito' AND p.installments > 1 THEN 'credito_parcelado' ELSE p.method END AS method,
         sum(p.amount_cents) AS amount, count(DISTINCT p.sale_id) AS count
       FROM analytics_sales a JOIN payments p ON p.sale_id = a.sale_id
       WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND p.amount_cents > 0
       GROUP BY 1 ORDER BY amount DESC, method`,
    )
    .all({ from, to }) as Kpis['by_payment_method'];
  return {
    from,
    to,
    ...current,
    by_payment_method: byPaymentMethod,
    ...breakdownsOf(db, groups),
    previous: { from: prev.from, to: prev.to, ...previous },
    variation_pct: Object.fromEntries(
      KEYS.map((k) => [k, variationPct(current[k], previous[k])]),
    ) as Kpis['variation_pct'],
  };
}

/** Today's net revenue and sales, the top products and the top customers, straight from the ledger. */
export function referenceMoney(db: Db, from: string, to: string, today: string) {
  const todayTotals = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT coalesce(sum(net), 0) AS net, count(DISTINCT CASE WHEN kind = 'sale' THEN sale_id END) AS sales FROM ev`,
    )
    .get(ledgerParams(today, today)) as { net: number; sales: number };
  const topProducts = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT coalesce(p.external_id, p.id) AS key, p.name, p.kind, sum(e.qty) AS quantity_milli,
         sum(e.net) AS net_revenue, sum(e.margin) AS margin_cents
       FROM ev e JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY p.id ORDER BY net_revenue DESC, key LIMIT 10`,
    )
    .all(ledgerParams(from, to)) as DashboardData['top_products'];
  const topCustomers = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT e.customer_id, c.name, count(DISTINCT CASE WHEN e.kind = 'sale' AND e.purchase = 1 THEN e.sale_id END) AS purchases,
         sum(e.net) AS net_revenue
       FROM ev e JOIN customers c ON c.id = e.customer_id
       GROUP BY e.customer_id ORDER BY net_revenue DESC, c.name, c.id LIMIT 10`,
    )
    .all(ledgerParams(from, to)) as DashboardData['top_customers'];
  return { today: { net_revenue: todayTotals.net, sales: todayTotals.sales }, topProducts, topCustomers };
}
