import { roleHas, type Role } from '../../../../app/auth/roles';
import { call } from '../../api';
import { formatQty } from '../../format';
import { cartTotals, lineLabel, stockShortage, type CartLine } from './cart';
import { discountOverLimit } from './limits';

export interface LineVerdict {
  /** Why the cart cannot hold this quantity (pt-BR), or null. */
  refusal: string | null;
  /** A warning that does not stop the sale (stock going negative where the store allows it). */
  warning: string | null;
}

/**
 * Asks the server (`pdv.check_line`, the rules of `sales.register`) whether the cart may hold
 * `qty` of `line`'s SKU in total, as the line is added or its quantity typed. A shortage is
 * said with the line's variant and the stock counted now ("há 2 em estoque"). When the server
 * cannot answer, the stock known when the line was added decides.
 */
export async function checkLineQty(line: CartLine, qty: number, allowNegative: boolean): Promise<LineVerdict> {
  try {
    const r = await call('pdv.check_line', { sku: line.sku, qty });
    if (r.ok) {
      const warning =
        r.problem?.code === 'negative_stock' && r.stock_milli !== null
          ? `Atenção: ${lineLabel(line)} fica com estoque negativo (há ${formatQty(Math.max(0, r.stock_milli) / 1000)} em estoque).`
          : (r.problem?.message ?? null);
      return { refusal: null, warning };
    }
    const refusal =
      r.problem?.code === 'insufficient_stock'
        ? stockShortage({ ...line, stockMilli: r.stock_milli }, qty, false)
        : null;
    return { refusal: refusal ?? r.problem?.message ?? 'Este item não pode ser vendido.', warning: null };
  } catch {
    return { refusal: stockShortage(line, qty, allowNegative), warning: null };
  }
}

/**
 * When the cart's discounts (line + order) need a manager for this user, the pt-BR sentence
 * saying what the limit is; else null. Asked of the server (`pdv.check_discount`, the same rule
 * as F10); when it cannot answer, the counter rules read at the start decide.
 */
export async function discountNeedsApproval(
  lines: CartLine[],
  orderDiscount: number,
  role: Role | null,
  maxBp: number | null,
): Promise<string | null> {
  const local = maxBp === null ? null : discountOverLimit(cartTotals(lines, orderDiscount), maxBp);
  if (lines.length === 0) return null;
  try {
    const r = await call('pdv.check_discount', {
      items: lines.map((l) => ({
        variant_external_id: l.sku,
        qty: l.qty,
        unit_price: l.unitPriceCents,
        ...(l.discountCents > 0 ? { discount_amount: l.discountCents } : {}),
      })),
      ...(orderDiscount > 0 ? { discount_amount: orderDiscount } : {}),
    });
    return r.needs_approval ? (local ?? r.message) : null;
  } catch {
    return role && !roleHas(role, 'sales.discount') ? local : null;
  }
}
