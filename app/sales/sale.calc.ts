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
 */
export function computeSale(inputs: readonly LineInput[], discount: OrderDiscount): SaleTotals | CalcProblem {
  const amounts = inputs.map((l) => lineAmount(l.qtyMilli, l.unitPriceCents));
  for (const [i, l] of inputs.entries()) {
    if (l.lineDiscountCents > (amounts[i] ?? 0)) return { kind: 'line_discount_exceeds', line: i };
  }
  const bases = inputs.map((l, i) => (amounts[i] ?? 0) - l.lineDiscountCents);
  const base = bases.reduce((a, b) => a + b, 0);
  const orderDiscount = !discount
    ? 0
    : 'amountCents' in discount
      ? discount.amountCents
      : applyRateBp(base, discount.rateBp);
  if (orderDiscount > base) return { kind: 'order_discount_exceeds', max: base };
  const allocated = orderDiscount > 0 ? allocateLargestRemainder(orderDiscount, bases) : bases.map(() => 0);
  const lines = inputs.map((l, i): LineTotals => {
    const amountCents = amounts[i] ?? 0;
    const orderDiscountCents = allocated[i] ?? 0;
    const netCents = amountCents - l.lineDiscountCents - orderDiscountCents;
    const costCents = lineAmount(l.qtyMilli, l.unitCostCents);
    // The five input fields written out (not spread): a spread of a caller's object copies
    // whatever else it carries and took the slow generic path on the hot path of every sale.
    return {
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
    };
  });
  const sum = (f: (l: LineTotals) => number) => lines.reduce((a, l) => a + f(l), 0);
  return {
    lines,
    subtotalCents: sum((l) => l.amountCents),
    lineDiscountCents: sum((l) => l.lineDiscountCents),
    orderDiscountCents: orderDiscount,
    totalCents: sum((l) => l.netCents),
  };
}

export function isProblem(result: SaleTotals | CalcProblem): result is CalcProblem {
  return 'kind' in result;
}
