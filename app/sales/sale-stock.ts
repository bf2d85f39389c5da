import type { Context } from '../contract/context';
import { recordStockMovement } from '../stock/stock.service';
import { saleItems } from './sale.queries';

/**
 * Puts a whole sale's goods back in stock: one `cancellation` movement per goods line of
 * `sale` (its full sold quantity, in thousandths) at the sale's store, referencing the sale,
 * dated `occurredAt`, with an optional pt-BR `reason`. Services and packages hold no stock.
 * Used by a cancellation (`cancelSale`) and by an expired charge (`expireCharges`).
 */
export function restoreSaleStock(
  ctx: Context,
  sale: { id: string; store_id: string },
  occurredAt: string,
  reason?: string,
): void {
  for (const item of saleItems(ctx.db, sale.id)) {
    if (item.kind !== 'goods') continue;
    recordStockMovement(ctx, {
      variantId: item.variant_id,
      storeId: sale.store_id,
      qtyMilli: item.qty_milli,
      kind: 'cancellation',
      referenceId: sale.id,
      ...(reason === undefined ? {} : { reason }),
      occurredAt,
    });
  }
}
