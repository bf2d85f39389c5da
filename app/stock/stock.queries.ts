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

/** Current stock of several variants in one read; variants without movements are absent (0). */
export function stockOfMany(db: Db, variantIds: readonly string[], storeId: string): Map<string, number> {
  if (variantIds.length === 0) return new Map();
  const rows = db.all(
    db.q
      .selectFrom('stock_movements')
      .select((eb) => ['variant_id', eb.fn.sum<number>('qty_milli').as('qty')])
      .where('variant_id', 'in', variantIds)
      .where('store_id', '=', storeId)
      .groupBy('variant_id'),
  );
  return new Map(rows.map((r) => [r.variant_id, Number(r.qty)]));
}

/** The most recent movements of a variant in a store, newest first. */
export function lastStockMovements(db: Db, variantId: string, storeId: string, limit: number) {
  return db.all(
    db.q
      .selectFrom('stock_movements')
      .select(['id', 'kind', 'qty_milli', 'reason', 'reference_id', 'occurred_at', 'created_by'])
      .where('variant_id', '=', variantId)
      .where('store_id', '=', storeId)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit),
  );
}
