import { allocateLargestRemainder, applyRateBp, lineAmount } from '../money/money';

export interface LineInput {
  qtyMilli: number;
  unitPriceCents: number;
  lineDiscountCents: number;
  unitCostCents: number;
  commissionRateBp: number;
}

export type OrderDiscount = { amountCents: number } | { rateBp: number } | null;

export interface LineTotals extends LineInput {
  amountCents: number;
  orderDiscountCents: number;
  netCents: number;
  costCents: number;
  commissionCents: number;
  marginCents: number;
}

export interface SaleTotals {
  lines: LineTotals[];
  subtotalCents: number;
  lineDiscountCents: number;
  orderDiscountCents: number;
  totalCents: number;
}

export type CalcProblem =
  { kind: 'line_discount_exceeds'; line: number } | { kind: 'order_discount_exceeds'; max: number };

/**
 * The arithmetic of a sale: line amount = qty × price (half up); the order discount is
 * allocated over the amounts after line discounts by largest remainder, so lines always sum
 * exactly to the total; commission and margin come from each line's net.
 * Arrays are built by push, not `map`: on Node 20 TurboFan's inlined `map` returns HOLEY arrays
 * where the builtin returns PACKED ones, and every function optimized on the one kind threw its
 * code away ("wrong map") when the other arrived: the sale path rarely stayed optimized.
 */
export function computeSale(inputs: readonly LineInput[], discount: OrderDiscount): SaleTotals | CalcProblem {
  const amounts: number[] = [];
  const bases: number[] = [];
  let base = 0;
  for (let i = 0; i < inputs.length; i++) {
    const l = inputs[i] as LineInput;
    const amount = lineAmount(l.qtyMilli, l.unitPriceCents);
    if (l.lineDiscountCents > amount) return { kind: 'line_discount_exceeds', line: i };
    amounts.push(amount);
    bases.push(amount - l.lineDiscountCents);
    base += amount - l.lineDiscountCents;
  }
  const orderDiscount = !discount
    ? 0
    : 'amountCents' in discount
      ? discount.amountCents
      : applyRateBp(base, discount.rateBp);
  if (orderDiscount > base) return { kind: 'order_discount_exceeds', max: base };
  const allocated = orderDiscount > 0 ? allocateLargestRemainder(orderDiscount, bases) : null;
  const lines: LineTotals[] = [];
  let subtotal = 0;
  let lineDiscounts = 0;
  let total = 0;
  for (let i = 0; i < inputs.length; i++) {
    const l = inputs[i] as LineInput;
    const amountCents = amounts[i] ?? 0;
    const orderDiscountCents = allocated ? (allocated[i] ?? 0) : 0;
    const netCents = amountCents - l.lineDiscountCents - orderDiscountCents;
    const costCents = lineAmount(l.qtyMilli, l.unitCostCents);
    // The five input fields written out (not spread): a spread of a caller's object copies
    // whatever else it carries and took the slow generic path on the hot path of every sale.
    lines.push({
      qtyMilli: l.qtyMilli,
      unitPriceCents: l.unitPriceCents,
      lineDiscountCents: l.lineDiscountCents,
      unitCostCents: l.unitCostCents,
      commissionRateBp: l.commissionRateBp,
      amountCents,
      orderDiscountCents,
      netCents,
      costCents,
      commissionCents: applyRateBp(netCents, l.commissionRateBp),
      marginCents: netCents - costCents,
    });
    subtotal += amountCents;
    lineDiscounts += l.lineDiscountCents;
    total += netCents;
  }
  return {
    lines,
    subtotalCents: subtotal,
    lineDiscountCents: lineDiscounts,
    orderDiscountCents: orderDiscount,
    totalCents: total,
  };
}

export function isProblem(result: SaleTotals | CalcProblem): result is CalcProblem {
  return 'kind' in result;
}
