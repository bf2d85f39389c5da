import { lineAmount, toMilli } from '../../../../app/money/money';
import { formatQty, parseQty, variantLabel } from '../../format';

export interface CartLine {
  sku: string;
  name: string;
  /** The variant, shown on the line as on the receipt: two sizes of one shoe never look alike. */
  size?: string | null;
  color?: string | null;
  unitPriceCents: number;
  qty: number;
  discountCents: number;
  /** Fractional quantities only for products sold by weight. */
  soldByWeight?: boolean;
  /** Stock (thousandths) when the line was added; absent for services and old carts. */
  stockMilli?: number | null;
}

export interface Product {
  sku: string;
  name: string;
  price_cents: number;
  size?: string | null;
  color?: string | null;
  /** 'goods' keep stock; anything else (services, packages) does not. */
  kind?: string;
  sold_by_weight?: boolean;
  stock_milli?: number;
}

/** "Tênis Corrida 38 Azul": the product with its size and colour. */
export function lineLabel(l: Pick<CartLine, 'name' | 'size' | 'color'>): string {
  return variantLabel({ name: l.name, size: l.size ?? null, color: l.color ?? null });
}

/** Scanning the same item again adds one to its line instead of a new line. */
export function addProduct(lines: CartLine[], p: Product): CartLine[] {
  const found = lines.find((l) => l.sku === p.sku);
  const stockMilli = (p.kind ?? 'goods') !== 'goods' || p.stock_milli === undefined ? null : p.stock_milli;
  if (found) return lines.map((l) => (l === found ? { ...l, qty: l.qty + 1, stockMilli } : l));
  return [
    ...lines,
    {
      sku: p.sku,
      name: p.name,
      size: p.size ?? null,
      color: p.color ?? null,
      unitPriceCents: p.price_cents,
      qty: 1,
      discountCents: 0,
      soldByWeight: p.sold_by_weight,
      stockMilli,
    },
  ];
}

/**
 * Why `qty` of this line cannot be sold from stock ("Estoque insuficiente: há 2 em estoque."),
 * or null when it can (stock unknown, a service, or the store sells without stock).
 */
export function stockShortage(line: CartLine, qty: number, allowNegative: boolean): string | null {
  if (allowNegative || line.stockMilli === null || line.stockMilli === undefined) return null;
  const wanted = toMilli(qty) ?? 0;
  if (wanted <= line.stockMilli) return null;
  const have = Math.max(0, line.stockMilli) / 1000;
  return have === 0
    ? `Sem estoque de ${lineLabel(line)}.`
    : `Estoque insuficiente de ${lineLabel(line)}: há ${formatQty(have)} em estoque.`;
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
export function parseCartQty(text: string, soldByWeight = true): number | string {
  const q = parseQty(text);
  if (q === null) return 'Quantidade inválida.';
  if (q <= 0) return 'A quantidade deve ser maior que zero.';
  if (toMilli(q) === null) return 'Use no máximo 3 casas decimais na quantidade.';
  if (!soldByWeight && !Number.isInteger(q)) return 'Este produto não é vendido por peso: use uma quantidade inteira.';
  return q;
}
