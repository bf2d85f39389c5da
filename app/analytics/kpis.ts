import type { Db } from '../db/db';
import { periodAggregates, type PeriodAggregates } from './day-cache';
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
 * sales (reversals are in `refunds`). Read from the day cache (`periodAggregates`); `keepInto`
 * (a writable connection) stores the closed days it had to compute.
 */
export function computeKpis(db: Db, from: string, to: string, keepInto?: Db): Kpis {
  const prev = previousPeriod(from, to);
  const current = periodAggregates(db, from, to, ['payments'], { keepInto });
  const previous = periodAggregates(db, prev.from, prev.to, [], { keepInto });
  return kpisOf(db, { from, to, aggregates: current }, { ...prev, aggregates: previous });
}

/** A period and its aggregates (`periodAggregates`, day cache). */
export interface AggregatedPeriod {
  from: string;
  to: string;
  aggregates: PeriodAggregates;
}

/** The KPIs of `current` against `previous` from their aggregates (the current one with payments). */
export function kpisOf(db: Db, current: AggregatedPeriod, previous: AggregatedPeriod): Kpis {
  const now = totalsOf(current.aggregates);
  const before = totalsOf(previous.aggregates);
  const variation = Object.fromEntries(
    TOTAL_KEYS.map((k) => [k, variationPct(now[k], before[k])]),
  ) as Kpis['variation_pct'];
  return {
    from: current.from,
    to: current.to,
    ...now,
    by_payment_method: current.aggregates.payments,
    ...breakdownsOf(db, current.aggregates.groups),
    previous: { from: previous.from, to: previous.to, ...before },
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

/** The period's KPI scalars from its aggregates (issue 13's definitions). */
function totalsOf(a: PeriodAggregates): KpiTotals {
  let net = 0;
  let refunds = 0;
  let items = 0;
  for (const g of a.groups) {
    net += g.net;
    refunds += g.refunds;
    items += g.items;
  }
  const { purchases, purchase_net: purchaseNet, discounts } = a.totals;
  return {
    net_revenue: net,
    purchases,
    ticket_medio: purchases ? halfUpDiv(purchaseNet, purchases) : 0,
    items_per_sale_milli: purchases ? halfUpDiv(items, purchases) : 0,
    discounts,
    refunds,
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
