import type { z } from 'zod';
import { applyProcedureSettings } from '../scheduling/procedure.service';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { stockOfMany } from '../stock/stock.queries';
import { deviceStoreId } from '../store/store.service';
import { insertRow, updateRow } from '../sync/outbox';
import { checkBarcodes } from './barcode-rules';
import {
  barcodesByVariant,
  findBarcode,
  findProductByExternalId,
  findVariantRowBySku,
  variantIdByBarcode,
  variantRows,
} from './catalog.queries';
import { exactVariantIds, listVariantIds, matchingVariantIds } from './catalog-search.queries';
import { inactiveProductError } from './sellable';
import type { catalogListSchema, catalogSearchSchema, upsertProductSchema } from './catalog.schemas';

/**
 * Creates or updates a product and one of its variants from one catalog line. Updates go column
 * by column; barcodes listed are added (a removed one comes back, even to another variant), and
 * barcodes not listed stay: removing one is `removeBarcode`.
 */
export function upsertProduct(
  ctx: Context,
  input: z.output<typeof upsertProductSchema>,
): { id: string; created: boolean } {
  const now = ctx.clock.now().toISOString();
  const variant = findVariantRowBySku(ctx.db, input.external_id);
  const newCodes: string[] = [];
  const revivedCodes: string[] = [];
  for (const code of new Set(input.barcodes ?? [])) {
    const owner = findBarcode(ctx.db, code);
    // Codes the variant already carries stay as they are; the rule applies to every code added.
    if (!owner?.active) checkBarcodes(ctx, [code]);
    if (owner && !owner.active) {
      revivedCodes.push(code);
      continue;
    }
    if (owner && owner.variant_id !== variant?.id) {
      throw new AppError(
        'barcode_taken',
        `Barcode ${code} already belongs to SKU ${owner.sku}`,
        `O código de barras ${code} já pertence a outro produto (SKU ${owner.sku}).`,
        { code, sku: owner.sku },
      );
    }
    if (!owner) newCodes.push(code);
  }

  const productExternalId = input.product_external_id ?? input.external_id;
  const product = findProductByExternalId(ctx.db, productExternalId);
  const productId = product?.id ?? newId();
  const productFields = {
    name: input.name,
    category: input.category,
    kind: input.kind,
    brand: input.brand,
    // Goods have no duration: a product turned into goods loses the one it had as a service.
    duration_minutes: input.kind !== 'service' ? null : input.duration_minutes,
  };
  if (product) {
    updateRow(ctx, 'products', product.id, productFields);
  } else {
    insertRow(ctx, 'products', {
      id: productId,
      external_id: productExternalId,
      ...productFields,
      brand: input.brand ?? null,
      duration_minutes: productFields.duration_minutes ?? null,
      active: 1,
      created_at: now,
      updated_at: now,
    });
  }

  const variantFields = {
    product_id: productId,
    size: input.size,
    color: input.color,
    price_cents: input.unit_price,
    cost_cents: input.unit_cost,
    sold_by_weight: input.kind !== 'goods' ? 0 : flag(input.sold_by_weight),
    active: flag(input.active),
  };
  const variantId = variant?.id ?? newId();
  if (variant) {
    updateRow(ctx, 'variants', variant.id, variantFields);
  } else {
    insertRow(ctx, 'variants', {
      id: variantId,
      external_id: input.external_id,
      ...variantFields,
      size: input.size ?? null,
      color: input.color ?? null,
      cost_cents: input.unit_cost ?? 0,
      sold_by_weight: variantFields.sold_by_weight ?? 0,
      active: flag(input.active) ?? 1,
      created_at: now,
      updated_at: now,
    });
  }
  for (const code of newCodes) insertRow(ctx, 'barcodes', { code, variant_id: variantId, created_at: now });
  for (const code of revivedCodes) updateRow(ctx, 'barcodes', code, { variant_id: variantId, active: 1 });
  applyProcedureSettings(ctx, productId, input);
  return { id: variantId, created: !variant };
}

/** Takes a barcode off its variant: scanning it no longer finds the product. */
export function removeBarcode(ctx: Context, code: string): { code: string; sku: string } {
  const barcode = findBarcode(ctx.db, code);
  if (!barcode?.active) {
    throw new AppError('unknown_barcode', `Barcode ${code} not found`, 'Código de barras não encontrado.', {
      issues: [{ path: 'code', message: 'Código de barras não encontrado.' }],
    });
  }
  updateRow(ctx, 'barcodes', code, { active: 0 });
  return { code, sku: barcode.sku };
}

function flag(value: boolean | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

export interface VariantView {
  variant_id: string;
  sku: string;
  product_id: string;
  product_external_id: string | null;
  name: string;
  category: string;
  brand: string | null;
  kind: 'goods' | 'service' | 'package';
  duration_minutes: number | null;
  size: string | null;
  color: string | null;
  price_cents: number;
  /** Null for whoever may not see costs (without catalog.manage, e.g. a cashier). */
  cost_cents: number | null;
  sold_by_weight: boolean;
  /** False when the variant or its product is inactive. */
  active: boolean;
  barcodes: string[];
  /** Stock of the device's store, in thousandths. */
  stock_milli: number;
}

/** Catalog entries with their barcodes and the device store's stock, in the order of `ids`. */
export function variantViews(ctx: Context, ids: readonly string[]): VariantView[] {
  const rows = variantRows(ctx.db, ids);
  const barcodes = barcodesByVariant(ctx.db, ids);
  const stock = stockOfMany(ctx.db, ids, deviceStoreId(ctx));
  return rows.map(({ product_active, ...r }) => ({
    ...r,
    sold_by_weight: r.sold_by_weight === 1,
    active: r.active === 1 && product_active === 1,
    barcodes: barcodes.get(r.variant_id) ?? [],
    stock_milli: stock.get(r.variant_id) ?? 0,
  }));
}

export function getVariant(ctx: Context, variantId: string): VariantView {
  const [view] = variantViews(ctx, [variantId]);
  if (!view) {
    throw new AppError('unknown_variant', `Unknown variant ${variantId}`, `Produto não encontrado: ${variantId}.`, {
      variant_id: variantId,
    });
  }
  return view;
}

/**
 * What a scan at the PDV resolves to. A barcode of an inactive variant or product answers
 * `inactive_product` (it is not sold, issue 8 item 10); an unknown one `unknown_barcode`.
 * Configurações reads inactive products through `catalog.list` / `catalog.get` instead.
 */
export function lookupBarcode(ctx: Context, code: string): VariantView {
  const barcode = variantIdByBarcode.first(ctx.db, code);
  if (!barcode) {
    throw new AppError('unknown_barcode', `Unknown barcode ${code}`, `Código de barras não encontrado: ${code}`, {
      code,
    });
  }
  const view = getVariant(ctx, barcode.variant_id);
  if (!view.active) throw inactiveProductError(view.sku);
  return view;
}

export function listCatalog(
  ctx: Context,
  input: z.output<typeof catalogListSchema>,
): { items: VariantView[]; total: number } {
  const { ids, total } = listVariantIds(ctx.db, input, input);
  return { items: variantViews(ctx, ids), total };
}

export type SearchHit = Pick<
  VariantView,
  | 'variant_id'
  | 'sku'
  | 'name'
  | 'size'
  | 'color'
  | 'price_cents'
  | 'stock_milli'
  | 'barcodes'
  | 'kind'
  | 'sold_by_weight'
>;

/** Type-ahead search over active variants: an exact barcode or SKU first, then name matches, then the rest. */
export function searchCatalog(ctx: Context, input: z.output<typeof catalogSearchSchema>): SearchHit[] {
  const text = input.query.trim();
  if (text === '') return [];
  const exact = exactVariantIds(ctx.db, text);
  const matched = matchingVariantIds(ctx.db, text, input.limit + exact.length);
  const ids = [...new Set([...exact, ...matched])].slice(0, input.limit);
  return variantViews(ctx, ids)
    .filter((v) => v.active)
    .map((v) => ({
      variant_id: v.variant_id,
      sku: v.sku,
      name: v.name,
      size: v.size,
      color: v.color,
      price_cents: v.price_cents,
      stock_milli: v.stock_milli,
      barcodes: v.barcodes,
      kind: v.kind,
      sold_by_weight: v.sold_by_weight,
    }));
}
