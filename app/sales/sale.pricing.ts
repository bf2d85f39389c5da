import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { BOUNDS } from '../contract/schemas';
import { findVariantBySku, findVariantsBySkus, type VariantForSale } from '../catalog/catalog.queries';
import { resolveCommissionRateBp } from '../catalog/commission.queries';
import { requireActive, requireWholeUnits } from '../catalog/sellable';
import { toMilli } from '../money/money';
import { lookupMemo, memoized, remember } from '../db/lookup-memo';
import { refCachedMany } from '../db/ref-cache';
import { defineQuery } from '../db/prepared';
import { computeSale, isProblem, type LineInput, type OrderDiscount, type SaleTotals } from './sale.calc';

/** A line as a sale or the PDV's cart names it: SKU, quantity as typed, optional price and discount. */
export interface ItemInput {
  variant_external_id: string;
  /** Units, or kg for variants sold by weight; at most 3 decimals. */
  qty: number;
  /** A typed-over unit price in centavos; the list price when absent. */
  unit_price?: number | undefined;
  /** Line discount in centavos. */
  discount_amount?: number | undefined;
}

export interface PricedItem {
  variant: VariantForSale;
  line: LineInput;
}

export interface PricingOptions {
  /** At the counter an inactive product is refused (`inactive_product`); imports record history as it was. */
  counter: boolean;
  /** Whose commission rule applies (null: rules without a salesperson, default rate 0). */
  salesperson?: { id: string; commission_rate_bp: number } | null;
}

const ACTIVE_RULE_EXISTS = defineQuery(
  (q) =>
    q.selectNoFrom((eb) => eb.exists(eb.selectFrom('commission_rules').select('id').where('active', '=', 1)).as('any')),
  { cachedFrom: ['commission_rules'] },
);

const VARIANT_TABLES = ['variants', 'products'] as const;

/**
 * The variants a sale's lines name, SKU → variant (unknown SKUs absent): those an import
 * batch's memo or the connection's reference cache (app/db/ref-cache.ts) already holds, the
 * rest in one read instead of one per line (issue 9 item 14).
 */
function variantsOf(ctx: Context, items: readonly ItemInput[]): Map<string, VariantForSale | undefined> {
  const found = new Map<string, VariantForSale | undefined>();
  const missing: string[] = [];
  for (const { variant_external_id: sku } of items) {
    if (found.has(sku)) continue;
    const memo = lookupMemo(ctx.db, `variant:${sku}`);
    found.set(sku, memo.value as VariantForSale | undefined);
    if (!memo.held) missing.push(sku);
  }
  if (missing.length === 0) return found;
  const read = refCachedMany(ctx.db, VARIANT_TABLES, 'variant-sku:', missing, (skus) =>
    findVariantsBySkus(ctx.db, skus),
  );
  for (const sku of missing) {
    const variant = read.get(sku);
    found.set(sku, variant);
    remember(ctx.db, `variant:${sku}`, variant);
  }
  return found;
}

function knownVariant(variants: ReadonlyMap<string, VariantForSale | undefined>, sku: string): VariantForSale {
  const variant = variants.get(sku);
  if (!variant) {
    throw new AppError('unknown_sku', `Unknown SKU ${sku}`, `Produto desconhecido: ${sku}.`, { sku });
  }
  return variant;
}

/**
 * Resolves each line's variant and prices it: unknown SKU → `unknown_sku`; a fractional quantity
 * of a variant not sold by weight → `fractional_quantity` (everywhere); an inactive variant or
 * product → `inactive_product` (at the counter). Cost and commission rate are copied now.
 */
export function priceItems(ctx: Context, items: readonly ItemInput[], options: PricingOptions): PricedItem[] {
  const salesperson = options.salesperson ?? null;
  // A store without commission rules (most) pays every line the salesperson's default rate:
  // one query for the sale instead of one per line.
  const rules = memoized(ctx.db, 'commission:any', () => ACTIVE_RULE_EXISTS.first(ctx.db)?.any === 1);
  const variants = variantsOf(ctx, items);
  // Pushed, not mapped: a PACKED array in every V8 tier (see computeSale in sale.calc.ts).
  const priced: PricedItem[] = [];
  for (const item of items) {
    const variant = knownVariant(variants, item.variant_external_id);
    const qtyMilli = toMilli(item.qty) ?? 0;
    if (options.counter) requireActive({ sku: variant.external_id, ...variant });
    requireWholeUnits({ sku: variant.external_id, sold_by_weight: variant.sold_by_weight }, qtyMilli);
    const line: LineInput = {
      qtyMilli,
      unitPriceCents: item.unit_price ?? variant.price_cents,
      lineDiscountCents: item.discount_amount ?? 0,
      unitCostCents: variant.cost_cents,
      commissionRateBp: !rules
        ? (salesperson?.commission_rate_bp ?? 0)
        : memoized(
            ctx.db,
            `commission:${variant.id}:${salesperson?.id ?? ''}:${salesperson?.commission_rate_bp ?? 0}`,
            () =>
              resolveCommissionRateBp(ctx.db, {
                variantId: variant.id,
                productId: variant.product_id,
                category: variant.category,
                salespersonId: salesperson?.id ?? null,
                defaultBp: salesperson?.commission_rate_bp ?? 0,
              }),
          ),
    };
    priced.push({ variant, line });
  }
  return priced;
}

/** The order discount a sale input names: an amount in centavos, a percentage (to basis points), or none. */
export function orderDiscountOf(input: {
  discount_amount?: number | undefined;
  discount_percentage?: number | undefined;
}): OrderDiscount {
  if (input.discount_amount !== undefined) return { amountCents: input.discount_amount };
  if (input.discount_percentage !== undefined) return { rateBp: Math.round(input.discount_percentage * 100) };
  return null;
}

/**
 * Every line (at its price, list price and cost) and the sale's total fit R$ 999.999.999,99
 * (`BOUNDS.maxCents`), so qty × price and the rates applied to it stay exact integers; past it
 * the sale is refused as `amount_too_large`, never an arithmetic `internal_error`.
 */
function assertAmountsFit(items: readonly PricedItem[]): void {
  let total = 0;
  for (const [i, { line, variant }] of items.entries()) {
    const unit = Math.max(line.unitPriceCents, line.unitCostCents, variant.price_cents);
    total += (line.qtyMilli * line.unitPriceCents) / 1000;
    if ((line.qtyMilli * unit) / 1000 > BOUNDS.maxCents || total > BOUNDS.maxCents) {
      throw new AppError(
        'amount_too_large',
        `Sale amount past ${BOUNDS.maxCents} centavos at line ${i}`,
        'O valor da venda passa do máximo de R$ 999.999.999,99.',
        { line: i, max_cents: BOUNDS.maxCents },
      );
    }
  }
}

/** computeSale, with its problems (and a price of zero) turned into `invalid_discount` / `invalid_price`. */
export function totalsOrThrow(items: readonly PricedItem[], discount: OrderDiscount): SaleTotals {
  assertAmountsFit(items);
  const lines: LineInput[] = [];
  for (const item of items) lines.push(item.line);
  const totals = computeSale(lines, discount);
  if (isProblem(totals)) {
    throw totals.kind === 'line_discount_exceeds'
      ? new AppError(
          'invalid_discount',
          `Line ${totals.line} discount exceeds its amount`,
          `O desconto do item ${totals.line + 1} é maior que o valor do item.`,
        )
      : new AppError(
          'invalid_discount',
          `Order discount exceeds ${totals.max}`,
          'O desconto é maior que o valor da venda.',
          { max_cents: totals.max },
        );
  }
  if (totals.lines.some((l) => l.unitPriceCents <= 0)) {
    throw new AppError('invalid_price', 'Unit price must be positive', 'O preço deve ser maior que zero.');
  }
  return totals;
}

/** The lines at list price, as the discount limit measures them. */
export function listPriced(items: readonly PricedItem[]): { qtyMilli: number; listPriceCents: number }[] {
  const lines: { qtyMilli: number; listPriceCents: number }[] = [];
  for (const { variant, line } of items) lines.push({ qtyMilli: line.qtyMilli, listPriceCents: variant.price_cents });
  return lines;
}

/**
 * Refuses, with `fractional_quantity`, a fractional quantity of a variant not sold by weight in a
 * return (or any list of SKU + quantity), and returns the input unchanged. An unknown SKU is left
 * to the caller, which names it in its own error.
 */
export function withWholeUnits<T extends { items: readonly { variant_external_id: string; qty: number }[] }>(
  ctx: Context,
  input: T,
): T {
  for (const item of input.items) {
    const variant = findVariantBySku(ctx.db, item.variant_external_id);
    if (variant)
      requireWholeUnits({ sku: variant.external_id, sold_by_weight: variant.sold_by_weight }, toMilli(item.qty) ?? 0);
  }
  return input;
}
