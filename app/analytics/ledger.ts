import { offsetModifierSql } from '../../migrations/device/0017_analytics';
import { addDays } from './tz';

/** Discounts given later on open sales, per line (rare: one small table for the whole query). */
const DISCOUNTS_CTE = `disc AS MATERIALIZED (
  SELECT json_extract(j.value, '$.sale_item_id') AS item_id, sum(json_extract(j.value, '$.amount_cents')) AS amount,
    sum(json_extract(j.value, '$.commission_cents')) AS commission
  FROM sale_discounts sd, json_each(sd.allocations) j GROUP BY 1
)`;

/**
 * The signed line events of a period of local dates [from, to] (issue 13: "follows the date of
 * each event"), as SQL for a CTE named `ev` with the parameters `ledgerParams(from, to)`:
 *
 * - a sale counted for revenue (paid in full at some point) dated in the period: each line
 *   with qty, net (line net − discounts given later on the open sale), margin, commission;
 * - a return of a counted sale dated in the period: its lines negated (refund, the stored
 *   margin and commission reversals: line value × returned / sold, half up);
 * - a cancellation of a counted sale dated in the period: all the sale's lines negated.
 *
 * Columns: kind ('sale' | 'return' | 'cancel'), sale_id, store_id, salesperson_id, customer_id,
 * purchase, local_date, local_hour, variant_id, qty (thousandths), net, margin, commission
 * (centavos). Unpaid sales never enter, nor their reversals. Events are dated in the zone of
 * the sale's location.
 */
export const LEDGER_CTE = `${DISCOUNTS_CTE}, ev AS (
  SELECT 'sale' AS kind, a.sale_id, a.store_id, a.salesperson_id, a.customer_id, a.purchase, a.local_date, a.local_hour,
    i.variant_id, i.qty_milli AS qty, i.net_cents - ${discount('amount')} AS net,
    i.margin_cents - ${discount('amount')} AS margin, i.commission_cents - ${discount('commission')} AS commission
  FROM analytics_sales a CROSS JOIN sale_items i ON i.sale_id = a.sale_id LEFT JOIN disc d ON d.item_id = i.id
  WHERE a.local_date >= :from AND a.local_date <= :to AND a.counted = 1
  UNION ALL
  SELECT 'return', r.sale_id, r.store_id, r.salesperson_id, r.customer_id, 0, r.local_date, r.local_hour,
    i.variant_id, -ri.qty_milli, -ri.refund_cents, -ri.margin_reversal_cents, -ri.commission_reversal_cents
  FROM (${eventSql('returns')}) r CROSS JOIN return_items ri ON ri.return_id = r.id CROSS JOIN sale_items i ON i.id = ri.sale_item_id
  UNION ALL
  SELECT 'cancel', c.sale_id, c.store_id, c.salesperson_id, c.customer_id, 0, c.local_date, c.local_hour,
    i.variant_id, -i.qty_milli, -(i.net_cents - ${discount('amount')}),
    -(i.margin_cents - ${discount('amount')}), -(i.commission_cents - ${discount('commission')})
  FROM (${eventSql('cancellations')}) c CROSS JOIN sale_items i ON i.sale_id = c.sale_id LEFT JOIN disc d ON d.item_id = i.id
)`;

/** A later discount's allocation to line `i` (apply_discount on an open sale), 0 when none. */
function discount(field: 'amount' | 'commission'): string {
  return `coalesce(d.${field}, 0)`;
}

/** Reversal events of one table dated (local date of the location) inside the period. */
function eventSql(table: 'returns' | 'cancellations'): string {
  const mod = offsetModifierSql('e.occurred_at', 'a.store_id');
  return `SELECT * FROM (SELECT e.id, e.sale_id, a.store_id, a.salesperson_id, a.customer_id,
      date(e.occurred_at, ${mod}) AS local_date, CAST(strftime('%H', e.occurred_at, ${mod}) AS INTEGER) AS local_hour
    FROM ${table} e JOIN analytics_sales a ON a.sale_id = e.sale_id
    WHERE e.occurred_at >= :from_utc AND e.occurred_at < :to_utc AND a.counted = 1)
    WHERE local_date >= :from AND local_date <= :to`;
}

/** Named parameters of `LEDGER_CTE`: the local dates and UTC bounds wide enough for any zone. */
export function ledgerParams(from: string, to: string): Record<string, string> {
  return { from, to, from_utc: `${addDays(from, -1)}T00:00:00.000Z`, to_utc: `${addDays(to, 2)}T00:00:00.000Z` };
}
