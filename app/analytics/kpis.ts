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
  by_salesperson: {
    salesperson_id: string | null;
    external_id: string | null;
    name: string | null;
    net_revenue: number;
    sales: number;
  }[];
  by_day: { date: string; net_revenue: number; sales: number }[];
  by_hour: { hour: number; net_revenue: number; sales: number }[];
  previous: KpiTotals & { from: string; to: string };
  variation_pct: Record<keyof KpiTotals, number | null>;
}

const TOTAL_KEYS = [
  'net_revenue',
  'purchases',
  'ticket_medio',
  'items_per_sale_milli',
  'discounts',
  'refunds',
] as const;

/**
 * The KPIs of local dates [from, to] and of the previous period of equal length (MoM for a
 * month: a calendar month is compared with the previous calendar month), each scalar with its
 * variation in percent. Payment methods split `cartao_credito` into à vista and
 * `credito_parcelado` (installments > 1); they are the amounts paid on the period's counted
 * sales (reversals are in `refunds`).
 */
export function computeKpis(db: Db, from: string, to: string): Kpis {
  const prev = previousPeriod(from, to);
  // The current period's ledger is read once: its totals are summed from the breakdown groups.
  const { ledger, ...split } = breakdowns(db, from, to);
  const current = totals(db, from, to, ledger);
  const previous = totals(db, prev.from, prev.to);
  const variation = Object.fromEntries(
    TOTAL_KEYS.map((k) => [k, variationPct(current[k], previous[k])]),
  ) as Kpis['variation_pct'];
  return {
    from,
    to,
    ...current,
    ...split,
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

interface LedgerSums {
  net_revenue: number;
  refunds: number;
  items: number;
}

function totals(db: Db, from: string, to: string, known?: LedgerSums): KpiTotals {
  const ledger =
    known ??
    (db
      .statement(
        `WITH ${LEDGER_CTE} SELECT coalesce(sum(net), 0) AS net_revenue,
         coalesce(sum(CASE WHEN kind <> 'sale' THEN -net END), 0) AS refunds,
         coalesce(sum(CASE WHEN kind = 'sale' AND purchase = 1 THEN qty END), 0) AS items FROM ev`,
      )
      .get(ledgerParams(from, to)) as LedgerSums);
  const sales = db
    .statement(
      `SELECT count(CASE WHEN a.purchase = 1 THEN 1 END) AS purchases,
         coalesce(sum(CASE WHEN a.purchase = 1 THEN a.net_cents END), 0) AS purchase_net,
         coalesce(sum(s.line_discount_cents + s.order_discount_cents + s.total_cents - a.total_cents), 0) AS discounts
       FROM analytics_sales a JOIN sales s INDEXED BY sales_discount_cover ON s.id = a.sale_id
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

/** A fine ledger group: one store × salesperson × local day × hour; net in centavos. */
export interface LedgerGroup {
  store_id: string;
  salesperson_id: string | null;
  local_date: string;
  local_hour: number;
  net: number;
  sales: number;
}

type Breakdowns = Pick<Kpis, 'by_location' | 'by_salesperson' | 'by_day' | 'by_hour'>;

function sumBy<K extends string | number | null>(groups: readonly LedgerGroup[], key: (g: LedgerGroup) => K) {
  const m = new Map<K, { net_revenue: number; sales: number }>();
  for (const g of groups) {
    const acc = m.get(key(g)) ?? { net_revenue: 0, sales: 0 };
    acc.net_revenue += g.net;
    acc.sales += g.sales;
    m.set(key(g), acc);
  }
  return [...m];
}

/**
 * The KPI breakdowns by location, salesperson, local day and hour, summed from ledger groups (a
 * sale sits in exactly one group, so distinct sale counts add up), named from `stores` and
 * `salespeople`, largest net revenue first (then code / external id), days and hours in order.
 * Shared by the dashboard's KPIs and the monthly report.
 */
export function breakdownsOf(db: Db, groups: readonly LedgerGroup[]): Breakdowns {
  const stores = new Map(
    (db.statement('SELECT id, code, name FROM stores').all() as { id: string; code: string; name: string }[]).map(
      (s) => [s.id, s],
    ),
  );
  const people = new Map(
    (
      db.statement('SELECT id, external_id, name FROM salespeople').all() as {
        id: string;
        external_id: string;
        name: string;
      }[]
    ).map((p) => [p.id, p]),
  );
  const byNet = <T extends { net_revenue: number }>(a: T, b: T, tie: number) => b.net_revenue - a.net_revenue || tie;
  return {
    by_location: sumBy(groups, (g) => g.store_id)
      .map(([id, v]) => ({ store_id: id, code: stores.get(id)?.code ?? '', name: stores.get(id)?.name ?? '', ...v }))
      .sort((a, b) => byNet(a, b, a.code.localeCompare(b.code))),
    by_salesperson: sumBy(groups, (g) => g.salesperson_id)
      .map(([id, v]) => ({
        salesperson_id: id,
        external_id: id ? (people.get(id)?.external_id ?? null) : null,
        name: id ? (people.get(id)?.name ?? null) : null,
        ...v,
      }))
      .sort((a, b) => byNet(a, b, (a.external_id ?? '').localeCompare(b.external_id ?? ''))),
    by_day: sumBy(groups, (g) => g.local_date)
      .map(([date, v]) => ({ date, ...v }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    by_hour: sumBy(groups, (g) => g.local_hour)
      .map(([hour, v]) => ({ hour, ...v }))
      .sort((a, b) => a.hour - b.hour),
  };
}

function breakdowns(db: Db, from: string, to: string) {
  // One pass over the period's ledger, grouped finely; every breakdown is summed from it (a sale
  // sits in exactly one store × salesperson × day × hour group, so distinct counts add up).
  const groups = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT e.store_id, e.salesperson_id, e.local_date, e.local_hour, sum(e.net) AS net,
         count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales,
         coalesce(sum(CASE WHEN e.kind <> 'sale' THEN -e.net END), 0) AS refunds,
         coalesce(sum(CASE WHEN e.kind = 'sale' AND e.purchase = 1 THEN e.qty END), 0) AS items
       FROM ev e GROUP BY e.store_id, e.salesperson_id, e.local_date, e.local_hour`,
    )
    .all(ledgerParams(from, to)) as {
    store_id: string;
    salesperson_id: string | null;
    local_date: string;
    local_hour: number;
    net: number;
    sales: number;
    refunds: number;
    items: number;
  }[];
  const byPaymentMethod = db
    .statement(
      `SELECT CASE WHEN p.method = 'cartao_credito' AND p.installments > 1 THEN 'credito_parcelado' ELSE p.method END AS method,
         sum(p.amount_cents) AS amount, count(DISTINCT p.sale_id) AS count
       FROM analytics_sales a JOIN payments p ON p.sale_id = a.sale_id
       WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND p.amount_cents > 0
       GROUP BY 1 ORDER BY amount DESC, method`,
    )
    .all({ from, to }) as Kpis['by_payment_method'];
  const ledger: LedgerSums = { net_revenue: 0, refunds: 0, items: 0 };
  for (const g of groups) {
    ledger.net_revenue += g.net;
    ledger.refunds += g.refunds;
    ledger.items += g.items;
  }
  return {
    ledger,
    by_payment_method: byPaymentMethod,
    ...breakdownsOf(db, groups),
  };
}
