import type { Db } from '../db/db';

/** What a sale needs to know about a variant, in one read. */
export interface VariantForSale {
  id: string;
  external_id: string;
  product_id: string;
  name: string;
  category: string;
  kind: 'goods' | 'service';
  price_cents: number;
  cost_cents: number;
  active: number;
}

function variantForSale(db: Db) {
  return db.q
    .selectFrom('variants as v')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select(['v.id', 'v.external_id', 'v.product_id', 'p.name', 'p.category', 'p.kind', 'v.price_cents', 'v.cost_cents', 'v.active']);
}

export function findVariantBySku(db: Db, sku: string): VariantForSale | undefined {
  return db.first(variantForSale(db).where('v.external_id', '=', sku));
}

export function findVariantByBarcode(db: Db, code: string): VariantForSale | undefined {
  return db.first(variantForSale(db).innerJoin('barcodes as b', 'b.variant_id', 'v.id').where('b.code', '=', code));
}

export function findVariantById(db: Db, id: string): VariantForSale | undefined {
  return db.first(variantForSale(db).where('v.id', '=', id));
}
