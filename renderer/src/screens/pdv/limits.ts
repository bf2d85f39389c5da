import { applyRateBp, percentToBp } from '../../../../app/money/money';
import { formatBp, formatMoney, parseMoney } from '../../format';
import type { Totals } from './cart';

export type DiscountMode = 'R$' | '%';

/**
 * A discount typed as money ("10,00") or as a percentage ("12,5") of `baseCents`, in centavos,
 * or the pt-BR reason it is refused. A percentage keeps at most two decimals (basis points, as
 * the server stores rates) and becomes centavos rounded half up.
 */
export function parseDiscount(text: string, mode: DiscountMode, baseCents: number): number | string {
  if (text.trim() === '') return 0;
  if (mode === 'R$') {
    const cents = parseMoney(text);
    if (cents === null) return 'Valor inválido.';
    if (cents > baseCents) return `O desconto é maior que o valor (${formatMoney(baseCents)}).`;
    return cents;
  }
  const clean = text.trim().replace('%', '').trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return 'Percentual inválido.';
  const bp = percentToBp(Number(clean));
  if (bp === null) return 'Use no máximo duas casas decimais no percentual.';
  if (bp > 10_000) return 'O percentual vai de 0% a 100%.';
  return applyRateBp(baseCents, bp);
}

/**
 * When the discounts of the cart (line + order) pass the store's limit for someone without
 * `sales.discount`, the pt-BR sentence saying what the limit is; else null. Same integer
 * cross-multiplication as the server's checkDiscountLimit (app/sales/discount-limit.ts).
 */
export function discountOverLimit(totals: Totals, maxBp: number): string | null {
  const off = totals.lineDiscounts + totals.orderDiscount;
  if (off <= 0 || totals.subtotal === 0 || off * 10_000 <= maxBp * totals.subtotal) return null;
  const allowed = Math.floor((maxBp * totals.subtotal) / 10_000);
  return (
    `O desconto de ${formatMoney(off)} passa do seu limite de ${formatBp(maxBp)} ` +
    `(até ${formatMoney(allowed)} nesta venda). Um gerente precisa aprovar.`
  );
}
