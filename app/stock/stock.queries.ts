import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

const stockLevel = defineQuery((q) =>
  q.selectFrom('stock_levels').select('qty_milli').where('variant_id', '=', P[0]).where('store_id', '=', P[1]),
);

/**
 * Current stock in thousandths: the sum of movements, read from the stock_levels projection
 * that a trigger keeps equal to it (see migration 0004).
 */
export function stockOf(db: Db, variantId: string, storeId: string): number {
  return stockLevel.first(db, variantId, storeId)?.qty_milli ?? 0;
}

const STOCK_OF_VARIANTS_SQL =
  'SELECT variant_id, qty_milli FROM stock_levels WHERE store_id = ? AND variant_id IN (SELECT value FROM json_each(?))';

/**
 * `stockOfMany` on a prepared statement (no query built per call): the stock a sale's goods
 * lines start from, in one read (issue 9 item 14). Variants without movements are absent (0).
 */
export function stockOfVariants(db: Db, variantIds: readonly string[], storeId: string): Map<string, number> {
  const levels = new Map<string, number>();
  if (variantIds.length === 0) return levels;
  const rows = db.statement(STOCK_OF_VARIANTS_SQL).all(storeId, JSON.stringify(variantIds)) as {
    variant_id: string;
    qty_milli: number;
  }[];
  for (const row of rows) levels.set(row.variant_id, row.qty_milli);
  return levels;
}

/** Current stock of several variants in one read; variants without movements are absent (0). */
export function stockOfMany(db: Db, variantIds: readonly string[], storeId: string): Map<string, number> {
  if (variantIds.length === 0) return new Map();
  const rows = db.all(
    db.q
      .selectFrom('stock_levels')
      .select(['variant_id', 'qty_milli'])
      .where('variant_id', 'in', variantIds)
      .where('store_id', '=', storeId),
  );
  return new Map(rows.map((r) => [r.variant_id, r.qty_milli]));
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
