import type { Context } from '../contract/context';
import type { SaleStatus } from '../db/schema';

export interface SaleResult {
  sale_id: string;
  external_id: string;
  number: string;
  status: SaleStatus;
  total_cents: number;
  paid_cents: number;
  change_cents: number;
  refunded_cents: number;
  net_cents: number;
  margin_cents: number;
  commission_cents: number;
  warnings: { code: string; sku: string; stock_milli: number }[];
  duplicate: boolean;
}

const RESULT_SQL = `SELECT s.id AS sale_id, s.external_id, s.number, st.status, st.total_cents, st.paid_cents, st.change_cents,
  st.refunded_cents, st.net_cents,
  CASE WHEN st.status = 'cancelada' THEN 0 ELSE
    (SELECT sum(margin_cents) FROM sale_items WHERE sale_id = s.id)
    - coalesce((SELECT sum(margin_reversal_cents) FROM return_items r JOIN sale_items i ON i.id = r.sale_item_id WHERE i.sale_id = s.id), 0)
    - coalesce((SELECT sum(amount_cents) FROM sale_discounts WHERE sale_id = s.id), 0) END AS margin_cents,
  CASE WHEN st.status = 'cancelada' THEN 0 ELSE
    (SELECT sum(commission_cents) FROM sale_items WHERE sale_id = s.id)
    - coalesce((SELECT sum(commission_reversal_cents) FROM return_items r JOIN sale_items i ON i.id = r.sale_item_id WHERE i.sale_id = s.id), 0)
    - coalesce((SELECT sum(json_extract(a.value, '$.commission_cents')) FROM sale_discounts d, json_each(d.allocations) a WHERE d.sale_id = s.id), 0) END AS commission_cents
FROM sales s JOIN sale_state st ON st.sale_id = s.id WHERE s.id = ?`;

/** The sale's figures as they stand now: status, money, and its commercial metrics. */
export function saleResult(ctx: Context, saleId: string): SaleResult {
  const row = ctx.db.statement(RESULT_SQL).get(saleId) as Omit<SaleResult, 'warnings' | 'duplicate'> | undefined;
  if (!row) throw new Error(`sale ${saleId} has no state`);
  return { ...row, warnings: [], duplicate: false };
}

/** An action already applied under this external id: the sale as it stands, marked duplicate. */
export function duplicateOf(
  ctx: Context,
  table: 'payments' | 'sale_discounts' | 'cancellations' | 'returns',
  externalId: string | undefined,
): SaleResult | null {
  if (!externalId) return null;
  const row = ctx.db.first(ctx.db.q.selectFrom(table).select('sale_id').where('external_id', '=', externalId));
  return row ? { ...saleResult(ctx, row.sale_id), duplicate: true } : null;
}
