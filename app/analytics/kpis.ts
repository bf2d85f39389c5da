import type { Db } from '../db/db';
import { LEDGER_CTE, ledgerParams } from './ledger';
import { addDays, daysBetween } from './tz';
import { halfUpDiv, variationPct } from './finance';

export interface KpiTotals {
  /** Σ totals of counted sales dated in the period − refunds and cancellations dated in it. */
  net_revenue: number;
  /** Sales dated in the period that are purchases (aprovada, completa, parcialmente_reembolsada). */
  purchases: number;
  /** Σ net values of those purchases / purchases, half up (0 without purchases). */
  ticket_medio: number;
  /** Items (thousandths) per purchase, half up. */
  items_per_sale_milli: number;
  /** Line and order discounts of counted sales dated in the period, plus later discounts on them. */
  discounts: number;
  /** Refunds of returns + totals of cancelled sales, dated in the period. */
  refunds: number;
}

export interface Kpis extends KpiTotals {
  from: string;
  to: string;
  by_payment_method: { method: string; amount: number; count: number }[];
  by_location: { store_id: string; code: string; name: string; net_revenue: number; sales: number }[];
  by_salesperson: { salesperson_id: string | null; external_id: string | null; name: string | null; net_revenue: number; sales: number }[];
  by_day: { date: string; net_revenue: number; sales: number }[];
  by_hour: { hour: number; net_revenue: number; sales: number }[];
  previous: KpiTotals & { from: string; to: string };
  variation_pct: Record<keyof KpiTotals, number | null>;
}

const TOTAL_KEYS = ['net_revenue', 'purchases', 'ticket_medio', 'items_per_sale_milli', 'discounts', 'refunds'] as const;

/**
 * The KPIs of local dates [from, to] and of the previous period of equal length (MoM for a
 * month: a calendar month is compared with the previous calendar month), each scalar with its
 * variation in percent. Payment methods split `cartao_credito` into à vista and
 * `credito_parcelado` (installments > 1); they are the amounts paid on the period's counted
 * sales (reversals are in `refunds`).
 */
export function computeKpis(db: Db, from: string, to: string): Kpis {
  const prev = previousPeriod(from, to);
  const current = totals(db, from, to);
  const previous = totals(db, prev.from, prev.to);
  const variation = Object.fromEntries(TOTAL_KEYS.map((k) => [k, variationPct(current[k], previous[k])])) as Kpis['variation_pct'];
  return {
    from,
    to,
    ...current,
    ...breakdowns(db, from, to),
    previous: { from: prev.from, to: prev.to, ...previous },
    variation_pct: variation,
  };
}

/** The period before [from, to]: the previous calendar month(s) when [from, to] are whole months, else the same number of days. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const wholeMonths = from.endsWith('-01') && addDays(to, 1).endsWith('-01');
  if (wholeMonths) {
    const months = monthIndex(addDays(to, 1)) - monthIndex(from);
    const start = monthStart(monthIndex(from) - months);
    return { from: start, to: addDays(from, -1) };
  }
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function monthStart(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function totals(db: Db, from: string, to: string): KpiTotals {
  const params = ledgerParams(from, to);
  const ledger = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT coalesce(sum(net), 0) AS net_revenue,
         coalesce(sum(CASE WHEN kind <> 'sale' THEN -net END), 0) AS refunds,
         coalesce(sum(CASE WHEN kind = 'sale' AND purchase = 1 THEN qty END), 0) AS items FROM ev`,
    )
    .get(params) as { net_revenue: number; refunds: number; items: number };
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

function breakdowns(db: Db, from: string, to: string) {
  const params = ledgerParams(from, to);
  const group = <R>(select: string, by: string, order: string): R[] =>
    db
      .statement(
        `WITH ${LEDGER_CTE} SELECT ${select}, sum(e.net) AS net_revenue,
           count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales FROM ev e ${by} ORDER BY ${order}`,
      )
      .all(params) as R[];
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
    by_payment_method: byPaymentMethod,
    by_location: group<Kpis['by_location'][number]>(
      'e.store_id, st.code, st.name',
      'JOIN stores st ON st.id = e.store_id GROUP BY e.store_id',
      'net_revenue DESC, st.code',
    ),
    by_salesperson: group<Kpis['by_salesperson'][number]>(
      'e.salesperson_id, sp.external_id, sp.name',
      'LEFT JOIN salespeople sp ON sp.id = e.salesperson_id GROUP BY e.salesperson_id',
      'net_revenue DESC, sp.external_id',
    ),
    by_day: group<Kpis['by_day'][number]>('e.local_date AS date', 'GROUP BY e.local_date', 'e.local_date'),
    by_hour: group<Kpis['by_hour'][number]>('e.local_hour AS hour', 'GROUP BY e.local_hour', 'e.local_hour'),
  };
}
