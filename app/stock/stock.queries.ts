import type { Db } from '../db/db';

/** Current stock is the sum of movements, in thousandths. */
export function stockOf(db: Db, variantId: string, storeId: string): number {
  const row = db.first(
    db.q
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('qty_milli'), eb.val(0)).as('qty'))
      .where('variant_id', '=', variantId)
      .where('store_id', '=', storeId),
  );
  return Number(row?.qty ?? 0);
}
