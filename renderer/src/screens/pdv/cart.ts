import { lineAmount, toMilli } from '../../../../app/money/money';
import { parseQty } from '../../format';

export interface CartLine {
  sku: string;
  name: string;
  unitPriceCents: number;
  qty: number;
  discountCents: number;
}

export interface Product {
  sku: string;
  name: string;
  price_cents: number;
}

/** Scanning the same item again adds one to its line instead of a new line. */
export function addProduct(lines: CartLine[], p: Product): CartLine[] {
  const found = lines.find((l) => l.sku === p.sku);
  if (found) return lines.map((l) => (l === found ? { ...l, qty: l.qty + 1 } : l));
  return [...lines, { sku: p.sku, name: p.name, unitPriceCents: p.price_cents, qty: 1, discountCents: 0 }];
}

export function lineGross(l: CartLine): number {
  return lineAmount(toMilli(l.qty) ?? 0, l.unitPriceCents);
}

export function lineTotal(l: CartLine): number {
  return lineGross(l) - l.discountCents;
}

export interface Totals {
  subtotal: number;
  lineDiscounts: number;
  orderDiscount: number;
  total: number;
}

/** The same arithmetic as the core (qty × price half up), so the screen and the sale agree. */
export function cartTotals(lines: CartLine[], orderDiscount: number): Totals {
  const subtotal = lines.reduce((a, l) => a + lineGross(l), 0);
  const lineDiscounts = lines.reduce((a, l) => a + l.discountCents, 0);
  return { subtotal, lineDiscounts, orderDiscount, total: Math.max(0, subtotal - lineDiscounts - orderDiscount) };
}

/**
 * A quantity typed in the cart ("2", "1,005" kg), or the pt-BR reason it is refused. Thousandths
 * go through toMilli, as on the server: 1.001 × 1000 is 1000.9999999999999 in floating point.
 */
export function parseCartQty(text: string): number | string {
  const q = parseQty(text);
  if (q === null) return 'Quantidade inválida.';
  if (q <= 0) return 'A quantidade deve ser maior que zero.';
  if (toMilli(q) === null) return 'Use no máximo 3 casas decimais na quantidade.';
  return q;
}
