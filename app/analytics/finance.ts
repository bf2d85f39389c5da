import type { Db } from '../db/db';
import { LEDGER_CTE, ledgerParams } from './ledger';
import { feesBy, MARGIN_GROUP_KEYS, type FeeTotal } from './margins-fees';

export interface CommissionRow {
  salesperson_id: string | null;
  salesperson_external_id: string | null;
  salesperson_name: string | null;
  sales_count: number;
  net_revenue: number;
  commission: number;
}

/**
 * Commission per salesperson for local dates [from, to] (issue 13): line commissions of their
 * counted sales dated in the period − reversals (returns, cancellations) dated in the period.
 * `sales_count` = their counted sales dated in the period; `net_revenue` likewise net of the
 * period's reversals. Sales without salesperson are one row with null ids. Centavos.
 */
export function computeCommissions(db: Db, from: string, to: string): CommissionRow[] {
  return db
    .statement(
      `WITH ${LEDGER_CTE}
       SELECT e.salesperson_id, sp.external_id AS salesperson_external_id, sp.name AS salesperson_name,
         count(DISTINCT CASE WHEN e.kind = 'sale' THEN e.sale_id END) AS sales_count,
         sum(e.net) AS net_revenue, sum(e.commission) AS commission
       FROM ev e LEFT JOIN salespeople sp ON sp.id = e.salesperson_id
       GROUP BY e.salesperson_id ORDER BY commission DESC, salesperson_external_id`,
    )
    .all(ledgerParams(from, to)) as CommissionRow[];
}

export type MarginBy = 'variant' | 'product' | 'category';

export interface MarginRow {
  key: string;
  name: string;
  /** Units (thousandths shown as a decimal number: 2.5 = 2,5 units). */
  quantity: number;
  net_revenue: number;
  margin: number;
  /** margin / net revenue in percent with two decimals (half up); null when net revenue is 0. */
  margin_pct: number | null;
  /** Payment fees allocated to these lines (issue 17, `feesBy` in margins-fees.ts), centavos. */
  fees: number;
  /** margin − fees ("Margem após taxas"), centavos. */
  margin_after_fees: number;
  /** margin_after_fees / net revenue in percent, two decimals half up; null when net revenue is 0. */
  margin_after_fees_pct: number | null;
}

/**
 * Margin for local dates [from, to] by variant, product or category: line net − cost copied
 * onto the line × qty of counted sales dated in the period, minus reversals dated in it.
 * Each row also carries the payment fees allocated to its lines and the margin after them
 * (issue 17; `withFees`). Sorted by margin, highest first.
 */
export function computeMargins(db: Db, from: string, to: string, by: MarginBy = 'variant'): MarginRow[] {
  const k = MARGIN_GROUP_KEYS[by];
  const rows = db
    .statement(
      `WITH ${LEDGER_CTE}
       SELECT ${k.key} AS key, min(${k.name}) AS name, sum(e.qty) AS qty, sum(e.net) AS net_revenue, sum(e.margin) AS margin
       FROM ev e JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY ${k.key} ORDER BY margin DESC, key`,
    )
    .all(ledgerParams(from, to)) as { key: string; name: string; qty: number; net_revenue: number; margin: number }[];
  const margins = rows.map((r) => ({
    key: r.key,
    name: r.name,
    quantity: r.qty / 1000,
    net_revenue: r.net_revenue,
    margin: r.margin,
    margin_pct: pctOf(r.margin, r.net_revenue),
  }));
  return withFees(margins, feesBy(db, from, to, by), (key, name) => ({
    key,
    name,
    quantity: 0,
    net_revenue: 0,
    margin: 0,
    margin_pct: null,
  }));
}

/**
 * Adds `fees`, `margin_after_fees` (margin − fees) and its percent to margin rows, by key. A
 * group with fees but no ledger event in the period (a parcela received by card for an older
 * sale) gets a row of its own with zero quantity, revenue and margin. Sorted by margin, highest
 * first, then key.
 */
export function withFees<R extends { key: string; name: string; net_revenue: number; margin: number }>(
  rows: R[],
  fees: FeeTotal[],
  empty: (key: string, name: string) => R,
): (R & Pick<MarginRow, 'fees' | 'margin_after_fees' | 'margin_after_fees_pct'>)[] {
  const byKey = new Map(fees.map((f) => [f.key, f]));
  const present = new Set(rows.map((r) => r.key));
  const extra = fees.filter((f) => !present.has(f.key)).map((f) => empty(f.key, f.name));
  const out = [...rows, ...extra].map((r) => {
    const fee = byKey.get(r.key)?.fees ?? 0;
    const after = r.margin - fee;
    return { ...r, fees: fee, margin_after_fees: after, margin_after_fees_pct: pctOf(after, r.net_revenue) };
  });
  // The ledger's rows come sorted already; only rows added for fees need placing.
  if (extra.length > 0) out.sort((a, b) => b.margin - a.margin || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** part / whole in percent with two decimals, half up on integers (null when whole is 0). */
export function pctOf(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return halfUpDiv(part * 10_000, whole) / 100;
}

/** a / b rounded half up (away from zero on .5), integers; b ≠ 0. */
export function halfUpDiv(a: number, b: number): number {
  const sign = a < 0 !== b < 0 ? -1 : 1;
  const q = Math.floor((2 * Math.abs(a) + Math.abs(b)) / (2 * Math.abs(b)));
  return sign * q;
}

/** (current − previous) / previous in percent, one decimal, half up; null when previous is 0. */
export function variationPct(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return halfUpDiv((current - previous) * 1000, previous) / 10;
}
