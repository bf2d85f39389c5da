import { AppError } from '../contract/errors';

/** 1500 thousandths → "1,5"; 2000 → "2"; -1000 → "-1" (pt-BR, no float arithmetic). */
export function formatQtyMilli(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const frac = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.trunc(abs / 1000)}${frac ? `,${frac}` : ''}`;
}

/**
 * The refusal for selling more than the stock when selling without stock is off; says how many
 * are in stock (issue 8, item 16).
 */
export function insufficientStockError(sku: string, stockMilli: number): AppError {
  return new AppError(
    'insufficient_stock',
    `Stock of ${sku} is ${stockMilli}`,
    `Estoque insuficiente de ${sku}: há ${formatQtyMilli(Math.max(stockMilli, 0))} em estoque.`,
    { sku, stock_milli: stockMilli },
  );
}

/** What the counter checks on a variant before selling it (issue 8, items 9 and 10). */
export interface SellableVariant {
  /** The SKU, named in messages. */
  sku: string;
  /** 1 (or true) when fractional quantities are allowed (kg). */
  sold_by_weight: number | boolean;
}

/** True when the quantity (thousandths) is whole units or the variant is sold by weight. */
export function unitsAllowed(variant: SellableVariant, qtyMilli: number): boolean {
  return qtyMilli % 1000 === 0 || variant.sold_by_weight === 1 || variant.sold_by_weight === true;
}

/** The refusal for a fractional quantity of something sold by the unit (half a pair of shoes). */
export function fractionalQuantityError(sku: string, qtyMilli: number): AppError {
  return new AppError(
    'fractional_quantity',
    `${sku} is not sold by weight: quantity ${qtyMilli / 1000} refused`,
    `${sku} não é vendido por peso: use quantidades inteiras.`,
    { sku, qty_milli: qtyMilli },
  );
}

/**
 * Refuses a fractional quantity (in thousandths) of a variant not sold by weight, with
 * `fractional_quantity`. Used wherever a quantity enters: sales (counter and imports), returns,
 * parked carts, stock receiving, adjustment and counts, the PDV's line check.
 */
export function requireWholeUnits(variant: SellableVariant, qtyMilli: number): void {
  if (!unitsAllowed(variant, qtyMilli)) throw fractionalQuantityError(variant.sku, qtyMilli);
}

/** The refusal for a variant (or its product) unticked "Ativo": it is not sold. */
export function inactiveProductError(sku: string): AppError {
  return new AppError(
    'inactive_product',
    `${sku} is inactive`,
    `${sku} está inativo e não pode ser vendido. Reative-o em Configurações › Produtos.`,
    { sku },
  );
}

/** Refuses, with `inactive_product`, a variant that is inactive or whose product is. */
export function requireActive(variant: { sku: string; active: number; product_active: number }): void {
  if (variant.active !== 1 || variant.product_active !== 1) throw inactiveProductError(variant.sku);
}
