import type { Context } from '../contract/context';
import { findVariantBySku } from '../catalog/catalog.queries';
import {
  formatQtyMilli,
  fractionalQuantityError,
  inactiveProductError,
  insufficientStockError,
  unitsAllowed,
} from '../catalog/sellable';
import { AppError } from '../contract/errors';
import { formatBRL, toMilli } from '../money/money';
import { discountsFreely, listTotal, maxDiscountBp, withinLimit } from '../sales/discount-limit';
import { allowNegativeStock } from '../sales/sale.service';
import { listPriced, orderDiscountOf, priceItems, totalsOrThrow } from '../sales/sale.pricing';
import { stockOf } from '../stock/stock.queries';
import { deviceStoreId } from '../store/store.service';
import type { CheckDiscountInput, CheckLineInput } from './pdv-checks.schemas';

export { formatQtyMilli };

/** 1000 basis points → "10%"; 1250 → "12,5%". */
export function formatBp(bp: number): string {
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.trunc(bp / 100)}${frac ? `,${frac}` : ''}%`;
}

export type LineProblemCode = 'inactive_product' | 'fractional_quantity' | 'insufficient_stock' | 'negative_stock';

/** `pdv.check_line` output. */
export interface LineCheck {
  variant_id: string;
  sku: string;
  name: string;
  kind: 'goods' | 'service' | 'package';
  sold_by_weight: boolean;
  /** The quantity checked (the cart's total for this SKU), in thousandths. */
  qty_milli: number;
  /** Stock of this device's store, in thousandths; null for a service (no stock). */
  stock_milli: number | null;
  /** The "selling without stock" counter rule (`counter.settings`). */
  allow_negative_stock: boolean;
  /** False when `sales.register` would refuse this line as it stands. */
  ok: boolean;
  /**
   * Why not, or a warning while ok (`negative_stock`: selling without stock is allowed, and the
   * stock goes below zero). `message` is pt-BR, ready for the screen, and says how many are in stock.
   */
  problem: { code: LineProblemCode; message: string } | null;
}

function lineProblem(
  variant: NonNullable<ReturnType<typeof findVariantBySku>>,
  qtyMilli: number,
  stockMilli: number | null,
  allowNegative: boolean,
): { ok: boolean; problem: LineCheck['problem'] } {
  const sku = variant.external_id;
  if (variant.active !== 1 || variant.product_active !== 1) {
    return { ok: false, problem: { code: 'inactive_product', message: inactiveProductError(sku).userMessage } };
  }
  if (!unitsAllowed({ sku, sold_by_weight: variant.sold_by_weight }, qtyMilli)) {
    return {
      ok: false,
      problem: { code: 'fractional_quantity', message: fractionalQuantityError(sku, qtyMilli).userMessage },
    };
  }
  if (stockMilli === null || qtyMilli <= stockMilli) return { ok: true, problem: null };
  const inStock = `há ${formatQtyMilli(Math.max(stockMilli, 0))} em estoque`;
  return allowNegative
    ? {
        ok: true,
        problem: {
          code: 'negative_stock',
          message: `Estoque de ${sku} fica negativo: ${inStock}, a venda é de ${formatQtyMilli(qtyMilli)}.`,
        },
      }
    : {
        ok: false,
        problem: { code: 'insufficient_stock', message: insufficientStockError(sku, stockMilli).userMessage },
      };
}

/**
 * The PDV's check of a line as it is added or its quantity edited (issue 8, item 16): the same
 * rules as `sales.register` (inactive product, fractional quantity, stock under the "selling
 * without stock" rule), answered as a verdict instead of a refusal. Unknown SKU → `unknown_sku`.
 */
export function checkLine(ctx: Context, input: CheckLineInput): LineCheck {
  const variant = findVariantBySku(ctx.db, input.sku);
  if (!variant) {
    throw new AppError('unknown_sku', `Unknown SKU ${input.sku}`, `Produto desconhecido: ${input.sku}.`, {
      sku: input.sku,
    });
  }
  const qtyMilli = toMilli(input.qty) ?? 0;
  const stockMilli = variant.kind === 'goods' ? stockOf(ctx.db, variant.id, deviceStoreId(ctx)) : null;
  const allowNegative = allowNegativeStock(ctx);
  return {
    variant_id: variant.id,
    sku: variant.external_id,
    name: variant.name,
    kind: variant.kind,
    sold_by_weight: variant.sold_by_weight === 1,
    qty_milli: qtyMilli,
    stock_milli: stockMilli,
    allow_negative_stock: allowNegative,
    ...lineProblem(variant, qtyMilli, stockMilli, allowNegative),
  };
}

/** `pdv.check_discount` output; all money in centavos, rates in basis points. */
export interface DiscountCheck {
  /** Σ qty × list price. */
  list_cents: number;
  /** What the cart charges: after typed-over prices, line and order discounts. */
  total_cents: number;
  /** list − total, never below 0 (a price raised above the list is no discount). */
  discount_cents: number;
  /** discount ÷ list in basis points, rounded down (0 when the list is 0). */
  discount_bp: number;
  /** The cashier's limit, `sales.max_discount_bp` (`counter.settings`). */
  limit_bp: number;
  /** The most that may come off this cart's list total without approval (list × limit, rounded down). */
  max_discount_cents: number;
  within_limit: boolean;
  /** True when F10 would answer `approval_required`: beyond the limit and the caller lacks `sales.discount`. */
  needs_approval: boolean;
  /** pt-BR, for the screen: the limit, and whether a manager must approve. */
  message: string;
}

/**
 * The PDV's check of a discount as it is typed (issue 8, item 16): the cart priced exactly as
 * `sales.register` prices it, measured against the list price like `checkDiscountLimit`.
 * Errors as in `sales.register`: `unknown_sku`, `fractional_quantity`, `invalid_discount`.
 */
export function checkDiscount(ctx: Context, input: CheckDiscountInput): DiscountCheck {
  const items = priceItems(ctx, input.items, { counter: false });
  const totals = totalsOrThrow(items, orderDiscountOf(input));
  const listCents = listTotal(listPriced(items));
  const limitBp = maxDiscountBp(ctx);
  const discountCents = Math.max(0, listCents - totals.totalCents);
  const within = withinLimit(listCents, totals.totalCents, limitBp);
  const needsApproval = !within && !discountsFreely(ctx);
  const maxCents = Math.floor((listCents * limitBp) / 10_000);
  const limitText = `O limite de desconto sem aprovação é ${formatBp(limitBp)} (${formatBRL(maxCents)} nesta venda)`;
  return {
    list_cents: listCents,
    total_cents: totals.totalCents,
    discount_cents: discountCents,
    discount_bp: listCents === 0 ? 0 : Math.floor((discountCents * 10_000) / listCents),
    limit_bp: limitBp,
    max_discount_cents: maxCents,
    within_limit: within,
    needs_approval: needsApproval,
    message: needsApproval
      ? `${limitText}: este desconto de ${formatBRL(discountCents)} precisa da aprovação de um gerente.`
      : `${limitText}.`,
  };
}
