import { offsetModifierSql } from '../../migrations/device/0017_analytics';
import type { Db } from '../db/db';
import { divRoundHalfUp } from '../money/money';
import { ledgerParams } from './ledger';

/*
 * Payment fees of a period allocated to sale lines (issue 17: "the analytics issue's margin gets
 * an 'after fees' variant"; the commissions are unaffected: they follow the line's net).
 *
 * - **Allocation.** A sale's fees = Σ `payments.fee_cents` of its non-declined payments (the fee
 *   copied at recording time, an imported `fee_amount` included). They are split over the sale's
 *   lines in proportion to each line's net (`sale_items.net_cents`; equal weights when every line
 *   is free) by largest remainder — floors first, then one centavo to each largest fractional
 *   part, ties by line order (as `allocateLargestRemainder` of app/money) — so the lines' fees
 *   sum exactly to the sale's fees.
 * - **Dating, like the margin (ledger.ts).** A counted sale dated in the period brings its lines'
 *   fees (`sale`); a return dated in the period reverses the returned share of each line's fee
 *   (fee × returned / sold half up; the return that completes the line takes exactly what is
 *   left, as `margin_reversal_cents` is computed); a cancellation dated in the period reverses
 *   all of the sale's fees. A lost chargeback (a return with no items) moves no fee, as it moves
 *   no margin. Unpaid sales never enter.
 * - **Parcelas received by card** (`installment_receipts.fee_cents`) are a cost of the day the
 *   money came in: allocated over the sale's lines the same way and dated on the receipt's local
 *   date, never reversed (the acquirer keeps it), so a closed month never changes.
 *
 * Done in JS over a few indexed reads (device 0027 indexes the fees): a month of the 1M-sale demo
 * has tens of thousands of lines with fees, and window functions in SQL cost seconds there.
 */

interface Line {
  item_id: string;
  variant_id: string;
  qty_milli: number;
  net_cents: number;
}

/** `fee` over `lines` (in line order) in proportion to their net (all equal when every net is 0), largest remainder. */
export function allocateFee(fee: number, lines: readonly Line[]): number[] {
  if (lines.length === 0 || fee === 0) return lines.map(() => 0);
  const total = lines.reduce((a, l) => a + l.net_cents, 0);
  const weights = lines.map((l) => (total > 0 ? l.net_cents : 1));
  const sum = total > 0 ? total : lines.length;
  const parts = weights.map((w) => Math.floor((fee * w) / sum));
  let left = fee - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (fee * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Sale ids as one JSON parameter (`IN (SELECT value FROM json_each(?))`). */
const json = (ids: Iterable<string>) => JSON.stringify([...new Set(ids)]);

function linesOf(db: Db, saleIds: Iterable<string>): Map<string, Line[]> {
  // The ledger's covering index: lines in id order, which is line order (ids are time-ordered
  // and a sale's lines are written in order).
  const rows = db
    .statement(
      `SELECT sale_id, id AS item_id, variant_id, qty_milli, net_cents FROM sale_items INDEXED BY sale_items_ledger
       WHERE sale_id IN (SELECT value FROM json_each(?)) ORDER BY sale_id, id`,
    )
    .all(json(saleIds)) as (Line & { sale_id: string })[];
  const out = new Map<string, Line[]>();
  for (const r of rows) {
    const list = out.get(r.sale_id) ?? [];
    list.push(r);
    out.set(r.sale_id, list);
  }
  return out;
}

function paymentFees(db: Db, saleIds: Iterable<string>): Map<string, number> {
  const rows = db
    .statement(
      `SELECT sale_id, sum(fee_cents) AS fee FROM payments INDEXED BY payments_fees
       WHERE sale_id IN (SELECT value FROM json_each(?)) AND fee_cents > 0 AND declined = 0 GROUP BY sale_id`,
    )
    .all(json(saleIds)) as { sale_id: string; fee: number }[];
  return new Map(rows.map((r) => [r.sale_id, r.fee]));
}

/** Signed fee per variant id of local dates [from, to] (every location, or only `store`). */
export function feesByVariant(db: Db, from: string, to: string, store: string | null = null): Map<string, number> {
  const params = { ...ledgerParams(from, to), store };
  const out = new Map<string, number>();
  const add = (lines: readonly Line[], fees: readonly number[], sign: number) =>
    lines.forEach((l, i) => {
      const f = fees[i] ?? 0;
      if (f !== 0) out.set(l.variant_id, (out.get(l.variant_id) ?? 0) + sign * f);
    });
  // Counted sales dated in the period with their payments' fees, and their lines, in one read.
  const soldRows = db
    .statement(
      `SELECT s.sale_id, s.fee, i.id AS item_id, i.variant_id, i.qty_milli, i.net_cents
       FROM (SELECT a.sale_id, sum(p.fee_cents) AS fee FROM analytics_sales a INDEXED BY analytics_sales_day_cover
         JOIN payments p INDEXED BY payments_fees ON p.sale_id = a.sale_id AND p.fee_cents > 0 AND p.declined = 0
         WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1 AND (:store IS NULL OR a.store_id = :store)
         GROUP BY a.sale_id) s
       CROSS JOIN sale_items i INDEXED BY sale_items_ledger ON i.sale_id = s.sale_id`,
    )
    .all(params) as (Line & { sale_id: string; fee: number })[];
  const sold = new Map<string, { fee: number; lines: Line[] }>();
  for (const r of soldRows) {
    const s = sold.get(r.sale_id) ?? { fee: r.fee, lines: [] };
    s.lines.push(r);
    sold.set(r.sale_id, s);
  }
  for (const s of sold.values()) {
    s.lines.sort((a, b) => (a.item_id < b.item_id ? -1 : 1));
    add(s.lines, allocateFee(s.fee, s.lines), 1);
  }
  const reversed = reversalEvents(db, params);
  const receipts = receiptEvents(db, params);
  const lines = linesOf(db, [...reversed.map((r) => r.sale_id), ...receipts.map((r) => r.sale_id)]);
  for (const r of receipts) {
    const l = lines.get(r.sale_id) ?? [];
    add(l, allocateFee(r.fee, l), 1);
  }
  reverse(db, reversed, lines, add);
  return out;
}

interface Reversal {
  kind: 'return' | 'cancel';
  sale_id: string;
  return_id: string | null;
  in_period: number;
}

/** Returns and cancellations dated in the period (the sale's zone) of counted sales that paid fees. */
function reversalEvents(db: Db, params: Record<string, string | null>): Reversal[] {
  const sql = (table: 'returns' | 'cancellations', kind: string, idCol: string) => {
    const mod = offsetModifierSql('e.occurred_at', 'a.store_id');
    return `SELECT '${kind}' AS kind, e.sale_id, ${idCol} AS return_id,
        date(e.occurred_at, ${mod}) BETWEEN :from AND :to AS in_period
      FROM ${table} e JOIN analytics_sales a ON a.sale_id = e.sale_id
      WHERE e.occurred_at >= :from_utc AND e.occurred_at < :to_utc AND a.counted = 1
        AND (:store IS NULL OR a.store_id = :store)
        AND EXISTS (SELECT 1 FROM payments p INDEXED BY payments_fees WHERE p.sale_id = e.sale_id AND p.fee_cents > 0 AND p.declined = 0)`;
  };
  const rows = db
    .statement(`${sql('returns', 'return', 'e.id')} UNION ALL ${sql('cancellations', 'cancel', 'NULL')}`)
    .all(params) as Reversal[];
  return rows.filter((r) => r.in_period === 1);
}

/** Parcelas received with a fee, dated in the period, of counted sales. */
function receiptEvents(db: Db, params: Record<string, string | null>): { sale_id: string; fee: number }[] {
  const mod = offsetModifierSql('r.occurred_at', 'a.store_id');
  return db
    .statement(
      `SELECT r.sale_id, r.fee_cents AS fee FROM installment_receipts r INDEXED BY installment_receipts_fees
       JOIN analytics_sales a ON a.sale_id = r.sale_id
       WHERE r.occurred_at >= :from_utc AND r.occurred_at < :to_utc AND r.fee_cents > 0 AND a.counted = 1
         AND (:store IS NULL OR a.store_id = :store) AND date(r.occurred_at, ${mod}) BETWEEN :from AND :to`,
    )
    .all(params) as { sale_id: string; fee: number }[];
}

/**
 * Applies the period's reversals: a cancellation takes back every line's fee; a return its
 * share of each returned line's fee, walking all the sale's returns in the order they were
 * recorded so the one that completes a line takes exactly what is left.
 */
function reverse(
  db: Db,
  reversals: readonly Reversal[],
  lines: Map<string, Line[]>,
  add: (lines: readonly Line[], fees: readonly number[], sign: number) => void,
): void {
  if (reversals.length === 0) return;
  const fees = paymentFees(
    db,
    reversals.map((r) => r.sale_id),
  );
  const wanted = new Set(reversals.filter((r) => r.kind === 'return').map((r) => r.return_id));
  const items = db
    .statement(
      `SELECT r.sale_id, r.id AS return_id, ri.sale_item_id, ri.qty_milli FROM returns r
       JOIN return_items ri ON ri.return_id = r.id
       WHERE r.sale_id IN (SELECT value FROM json_each(?)) ORDER BY r.created_at, r.id, ri.id`,
    )
    .all(json(reversals.filter((r) => r.kind === 'return').map((r) => r.sale_id))) as {
    sale_id: string;
    return_id: string;
    sale_item_id: string;
    qty_milli: number;
  }[];
  const allocated = new Map<string, { line: Line; fee: number; returned: number; reversed: number }>();
  for (const saleId of new Set(reversals.map((r) => r.sale_id))) {
    const l = lines.get(saleId) ?? [];
    const parts = allocateFee(fees.get(saleId) ?? 0, l);
    l.forEach((line, i) => allocated.set(line.item_id, { line, fee: parts[i] ?? 0, returned: 0, reversed: 0 }));
  }
  for (const r of reversals) {
    if (r.kind !== 'cancel') continue;
    const l = lines.get(r.sale_id) ?? [];
    add(
      l,
      l.map((line) => allocated.get(line.item_id)?.fee ?? 0),
      -1,
    );
  }
  for (const it of items) {
    const a = allocated.get(it.sale_item_id);
    if (!a) continue;
    a.returned += it.qty_milli;
    const share =
      a.returned >= a.line.qty_milli ? a.fee - a.reversed : divRoundHalfUp(a.fee * it.qty_milli, a.line.qty_milli);
    a.reversed += share;
    if (wanted.has(it.return_id)) add([a.line], [share], -1);
  }
}

export type FeeGroup = 'variant' | 'product' | 'category';

/** The SQL key and name of each margin group (over `variants v JOIN products p`), shared with `computeMargins`. */
export const MARGIN_GROUP_KEYS: Record<FeeGroup, { key: string; name: string }> = {
  variant: { key: 'v.external_id', name: "p.name || coalesce(' ' || v.size, '') || coalesce(' ' || v.color, '')" },
  product: { key: 'coalesce(p.external_id, p.id)', name: 'p.name' },
  category: { key: 'p.category', name: 'p.category' },
};

export interface FeeTotal {
  key: string;
  name: string;
  /** Fees of the period allocated to the group's lines, net of reversals (centavos). */
  fees: number;
}

/**
 * Fees of local dates [from, to] per variant (external id), product (external id, else id) or
 * category — the same keys as `computeMargins` — for every location or only `store` (id).
 * Groups whose fees net to zero are left out; sorted by key.
 */
export function feesBy(db: Db, from: string, to: string, by: FeeGroup, store: string | null = null): FeeTotal[] {
  const byVariant = feesByVariant(db, from, to, store);
  if (byVariant.size === 0) return [];
  const k = MARGIN_GROUP_KEYS[by];
  const names = db
    .statement(
      `SELECT v.id, ${k.key} AS key, ${k.name} AS name FROM variants v JOIN products p ON p.id = v.product_id
       WHERE v.id IN (SELECT value FROM json_each(?))`,
    )
    .all(json(byVariant.keys())) as { id: string; key: string; name: string }[];
  const groups = new Map<string, FeeTotal>();
  for (const n of names) {
    const g = groups.get(n.key) ?? { key: n.key, name: n.name, fees: 0 };
    if (n.name < g.name) g.name = n.name;
    g.fees += byVariant.get(n.id) ?? 0;
    groups.set(n.key, g);
  }
  return [...groups.values()].filter((g) => g.fees !== 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The fees of each line of one sale as allocated above, by sale item id: what the margin after
 * fees charges that line when the sale is counted (its own payments only; parcelas received
 * later are separate events). Centavos; sums exactly to the sale's fees.
 */
export function lineFees(db: Db, saleId: string): Map<string, number> {
  const lines = linesOf(db, [saleId]).get(saleId) ?? [];
  const parts = allocateFee(paymentFees(db, [saleId]).get(saleId) ?? 0, lines);
  return new Map(lines.map((l, i) => [l.item_id, parts[i] ?? 0]));
}
