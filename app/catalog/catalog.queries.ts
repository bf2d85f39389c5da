import type { Kysely } from 'kysely';
import type { Db } from '../db/db';
import type { Database } from '../db/schema';
import { defineQuery, P } from '../db/prepared';

/** What a sale needs to know about a variant, in one read. */
export interface VariantForSale {
  id: string;
  external_id: string;
  product_id: string;
  name: string;
  category: string;
  kind: 'goods' | 'service' | 'package';
  price_cents: number;
  cost_cents: number;
  /** 1 when fractional quantities (kg) are allowed. */
  sold_by_weight: number;
  /** 1 when the variant itself is active. */
  active: number;
  /** 1 when its product is active: a variant sells only when both are. */
  product_active: number;
}

function variantForSale(q: Kysely<Database>) {
  return q
    .selectFrom('variants as v')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select([
      'v.id',
      'v.external_id',
      'v.product_id',
      'p.name',
      'p.category',
      'p.kind',
      'v.price_cents',
      'v.cost_cents',
      'v.sold_by_weight',
      'v.active',
      'p.active as product_active',
    ]);
}

const variantBySku = defineQuery((q) => variantForSale(q).where('v.external_id', '=', P[0]), {
  cachedFrom: ['variants', 'products'],
});

export function findVariantBySku(db: Db, sku: string): VariantForSale | undefined {
  return variantBySku.first(db, sku);
}

const VARIANTS_BY_SKUS_SQL = `SELECT v.id, v.external_id, v.product_id, p.name, p.category, p.kind, v.price_cents,
  v.cost_cents, v.sold_by_weight, v.active, p.active AS product_active
  FROM variants v JOIN products p ON p.id = v.product_id
  WHERE v.external_id IN (SELECT value FROM json_each(?))`;

/**
 * `findVariantBySku` for several SKUs in one read (a sale's lines): SKU → variant, unknown
 * SKUs absent. One statement instead of one per line (issue 9 item 14).
 */
export function findVariantsBySkus(db: Db, skus: readonly string[]): Map<string, VariantForSale> {
  const found = new Map<string, VariantForSale>();
  if (skus.length === 0) return found;
  const rows = db.statement(VARIANTS_BY_SKUS_SQL).all(JSON.stringify(skus)) as VariantForSale[];
  for (const row of rows) found.set(row.external_id, row);
  return found;
}

/** The variant an active barcode belongs to: what a scan resolves to. */
export const variantIdByBarcode = defineQuery((q) =>
  q.selectFrom('barcodes').select('variant_id').where('code', '=', P[0]).where('active', '=', 1),
);

export function findProductByExternalId(db: Db, externalId: string) {
  return db.first(db.q.selectFrom('products').selectAll().where('external_id', '=', externalId));
}

export function findVariantRowBySku(db: Db, sku: string) {
  return db.first(db.q.selectFrom('variants').selectAll().where('external_id', '=', sku));
}

/** A barcode, active or removed, and the SKU of the variant it belongs (or belonged) to. */
export function findBarcode(db: Db, code: string) {
  const row = db.first(
    db.q
      .selectFrom('barcodes as b')
      .innerJoin('variants as v', 'v.id', 'b.variant_id')
      .select(['b.code', 'b.variant_id', 'b.active', 'v.external_id as sku'])
      .where('b.code', '=', code),
  );
  return row ? { ...row, active: row.active === 1 } : undefined;
}

export function categoryExists(db: Db, category: string): boolean {
  return db.first(db.q.selectFrom('products').select('id').where('category', '=', category).limit(1)) !== undefined;
}

function catalogRows(db: Db) {
  return db.q
    .selectFrom('variants as v')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select([
      'v.id as variant_id',
      'v.external_id as sku',
      'v.product_id',
      'p.external_id as product_external_id',
      'p.name',
      'p.category',
      'p.brand',
      'p.kind',
      'p.duration_minutes',
      'v.size',
      'v.color',
      'v.price_cents',
      'v.cost_cents',
      'v.sold_by_weight',
      'v.active',
      'p.active as product_active',
    ]);
}

/** Variant and product columns of a catalog entry, in the order of `ids`; unknown ids are skipped. */
export function variantRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = db.all(catalogRows(db).where('v.id', 'in', ids));
  const byId = new Map(rows.map((r) => [r.variant_id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The same columns as `variantRows`, for the variant with this SKU. */
export function variantRowBySku(db: Db, sku: string) {
  return db.first(catalogRows(db).where('v.external_id', '=', sku));
}

export function barcodesByVariant(db: Db, ids: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = db.all(
    db.q
      .selectFrom('barcodes')
      .select(['variant_id', 'code'])
      .where('variant_id', 'in', ids)
      .where('active', '=', 1)
      .orderBy('created_at')
      .orderBy('code'),
  );
  for (const r of rows) out.set(r.variant_id, [...(out.get(r.variant_id) ?? []), r.code]);
  return out;
}
