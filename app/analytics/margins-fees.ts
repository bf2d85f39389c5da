import { offsetModifierSql } from '../../migrations/device/0017_analytics';
import type { Db } from '../db/db';
import { ledgerParams } from './ledger';

/**
 * Payment fees of a period allocated to sale lines (issue 17: "the analytics issue's margin gets
 * an 'after fees' variant"), as SQL for CTEs ending in `fee_ev(kind, sale_id, store_id,
 * variant_id, fee)` with the parameters `ledgerParams(from, to)` (+ `:store`, NULL for all).
 *
 * - **Allocation.** A sale's fees = Σ `payments.fee_cents` of its non-declined payments (the fee
 *   copied at recording time, an imported `fee_amount` included). They are split over the sale's
 *   lines in proportion to each line's net (`sale_items.net_cents`; equal weights when every line
 *   is free) by largest remainder — floors first, then one centavo to each largest fractional part,
 *   ties by line number (`allocateLargestRemainder` of app/money) — so the lines' fees sum exactly
 *   to the sale's fees.
 * - **Dating, like the margin (ledger.ts).** A counted sale dated in the period brings its lines'
 *   fees (`sale`); a return dated in the period reverses the returned share of each line's fee
 *   (`return`: fee × returned / sold half up, the return that completes the line takes exactly
 *   what is left, as `margin_reversal_cents` is computed); a cancellation dated in the period
 *   reverses all of the sale's fees (`cancel`). A lost chargeback (a return with no items) moves
 *   no fee, as it moves no margin. Unpaid sales never enter.
 * - **Parcelas received by card** (`installment_receipts.fee_cents`) are a cost of the day the
 *   money came in: allocated over the sale's lines the same way and dated on the receipt's local
 *   date (`receipt`), never reversed (the acquirer keeps it), so a closed month never changes.
 *
 * Fees are positive centavos; reversals negative.
 */
export function feeEventsCte(): string {
  return feeCtes(PERIOD_SALES);
}

/** The sales whose fees a period may touch: counted sales dated in it, returns and cancellations in it. */
const PERIOD_SALES = `SELECT a.sale_id FROM analytics_sales a WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1
    UNION SELECT sale_id FROM returns WHERE occurred_at >= :from_utc AND occurred_at < :to_utc
    UNION SELECT sale_id FROM cancellations WHERE occurred_at >= :from_utc AND occurred_at < :to_utc`;

function feeCtes(salesSql: string): string {
  const recvMod = offsetModifierSql('r.occurred_at', 'a.store_id');
  return `fee_sales AS MATERIALIZED (${salesSql}),
  fee_src AS MATERIALIZED (
    SELECT 'pay' AS src, f.sale_id, sum(p.fee_cents) AS fee
    FROM fee_sales f JOIN payments p ON p.sale_id = f.sale_id AND p.fee_cents > 0 AND p.declined = 0
    GROUP BY f.sale_id
    UNION ALL
    SELECT r.id, r.sale_id, r.fee_cents FROM installment_receipts r
    WHERE r.occurred_at >= :from_utc AND r.occurred_at < :to_utc AND r.fee_cents > 0
  ),
  fee_weights AS (
    SELECT i.sale_id, sum(i.net_cents) AS total, count(*) AS n FROM sale_items i
    WHERE i.sale_id IN (SELECT sale_id FROM fee_src) GROUP BY i.sale_id
  ),
  fee_lines AS (
    SELECT s.src, s.sale_id, s.fee, i.id AS item_id, i.line_no, i.variant_id, i.qty_milli,
      CASE WHEN w.total > 0 THEN i.net_cents ELSE 1 END AS w, CASE WHEN w.total > 0 THEN w.total ELSE w.n END AS wsum
    FROM fee_src s JOIN fee_weights w ON w.sale_id = s.sale_id JOIN sale_items i ON i.sale_id = s.sale_id
  ),
  fee_alloc AS MATERIALIZED (
    SELECT src, sale_id, item_id, variant_id, qty_milli,
      fee * w / wsum + (row_number() OVER (PARTITION BY src, sale_id ORDER BY (fee * w) % wsum DESC, line_no)
        <= fee - sum(fee * w / wsum) OVER (PARTITION BY src, sale_id)) AS fee
    FROM fee_lines
  ),
  fee_ret AS (
    SELECT r.id AS return_id, r.sale_id, r.occurred_at, ri.id AS ri_id, f.item_id, f.variant_id, f.fee, f.qty_milli,
      sum(ri.qty_milli) OVER w AS cum, (2 * f.fee * ri.qty_milli + f.qty_milli) / (2 * f.qty_milli) AS share,
      coalesce(sum((2 * f.fee * ri.qty_milli + f.qty_milli) / (2 * f.qty_milli)) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM fee_alloc f JOIN return_items ri ON ri.sale_item_id = f.item_id JOIN returns r ON r.id = ri.return_id
    WHERE f.src = 'pay'
    WINDOW w AS (PARTITION BY f.item_id ORDER BY r.created_at, r.id, ri.id)
  ),
  fee_dated AS (
    SELECT 'sale' AS kind, f.sale_id, a.store_id, f.variant_id, f.fee, a.local_date
    FROM fee_alloc f JOIN analytics_sales a ON a.sale_id = f.sale_id
    WHERE f.src = 'pay' AND a.local_date >= :from AND a.local_date <= :to AND a.counted = 1
    UNION ALL
    SELECT 'receipt', f.sale_id, a.store_id, f.variant_id, f.fee, date(r.occurred_at, ${recvMod})
    FROM fee_alloc f JOIN installment_receipts r ON r.id = f.src JOIN analytics_sales a ON a.sale_id = f.sale_id
    WHERE a.counted = 1
    UNION ALL
    SELECT 'return', x.sale_id, a.store_id, x.variant_id,
      -(CASE WHEN x.cum = x.qty_milli THEN x.fee - x.before ELSE x.share END), date(x.occurred_at, ${offsetModifierSql('x.occurred_at', 'a.store_id')})
    FROM fee_ret x JOIN analytics_sales a ON a.sale_id = x.sale_id
    WHERE x.occurred_at >= :from_utc AND x.occurred_at < :to_utc AND a.counted = 1
    UNION ALL
    SELECT 'cancel', f.sale_id, a.store_id, f.variant_id, -f.fee, date(c.occurred_at, ${offsetModifierSql('c.occurred_at', 'a.store_id')})
    FROM fee_alloc f JOIN cancellations c ON c.sale_id = f.sale_id JOIN analytics_sales a ON a.sale_id = f.sale_id
    WHERE f.src = 'pay' AND c.occurred_at >= :from_utc AND c.occurred_at < :to_utc AND a.counted = 1
  ),
  fee_ev AS (
    SELECT kind, sale_id, store_id, variant_id, fee FROM fee_dated
    WHERE local_date >= :from AND local_date <= :to AND (:store IS NULL OR store_id = :store)
  )`;
}

export type FeeGroup = 'variant' | 'product' | 'category';

const GROUP_KEYS: Record<FeeGroup, { key: string; name: string }> = {
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
 * Groups whose fees net to zero are left out. See `feeEventsCte` for the allocation and dating.
 */
export function feesBy(db: Db, from: string, to: string, by: FeeGroup, store: string | null = null): FeeTotal[] {
  const k = GROUP_KEYS[by];
  return db
    .statement(
      `WITH ${feeEventsCte()}
       SELECT ${k.key} AS key, min(${k.name}) AS name, sum(e.fee) AS fees
       FROM fee_ev e JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY ${k.key} HAVING sum(e.fee) <> 0 ORDER BY key`,
    )
    .all({ ...ledgerParams(from, to), store }) as FeeTotal[];
}

/**
 * The fees of each line of one sale as allocated above (issue 17), by sale item id: what the
 * margin-after-fees charges that line when the sale is counted. Only the sale's own payments
 * (parcelas received later are separate events). Centavos; sums exactly to the sale's fees.
 */
export function lineFees(db: Db, saleId: string): Map<string, number> {
  const rows = db
    .statement(
      `WITH ${feeCtes('SELECT :sale AS sale_id')} SELECT item_id, fee FROM fee_alloc WHERE src = 'pay' ORDER BY item_id`,
    )
    .all({ ...ledgerParams('1900-01-01', '1900-01-01'), store: null, sale: saleId }) as {
    item_id: string;
    fee: number;
  }[];
  return new Map(rows.map((r) => [r.item_id, r.fee]));
}
