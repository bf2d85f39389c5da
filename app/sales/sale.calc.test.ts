import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSale, isProblem, type LineInput } from './sale.calc';

const line = (qtyMilli: number, unitPriceCents: number, extra: Partial<LineInput> = {}): LineInput => ({
  qtyMilli,
  unitPriceCents,
  lineDiscountCents: 0,
  unitCostCents: 0,
  commissionRateBp: 0,
  ...extra,
});

describe('computeSale', () => {
  it('computes amounts, allocates an order discount and derives commission and margin', () => {
    const result = computeSale(
      [
        line(2000, 19990, { unitCostCents: 8000, commissionRateBp: 350 }),
        line(1000, 9990, { lineDiscountCents: 990 }),
        line(1500, 333),
      ],
      { amountCents: 1000 },
    );
    if (isProblem(result)) throw new Error('unexpected problem');
    expect(result.subtotalCents).toBe(39980 + 9990 + 500);
    expect(result.lines.map((l) => l.orderDiscountCents)).toEqual([808, 182, 10]);
    expect(result.totalCents).toBe(50470 - 990 - 1000);
    const first = result.lines[0];
    expect(first).toMatchObject({
      netCents: 39980 - 808,
      costCents: 16000,
      commissionCents: 1371,
      marginCents: 39172 - 16000,
    });
  });

  it('applies a percentage order discount rounded half up', () => {
    const result = computeSale([line(1000, 999), line(1000, 1)], { rateBp: 1000 });
    if (isProblem(result)) throw new Error('unexpected problem');
    expect(result.orderDiscountCents).toBe(100);
    expect(result.totalCents).toBe(900);
  });

  it('refuses discounts larger than what they discount', () => {
    expect(computeSale([line(1000, 100, { lineDiscountCents: 101 })], null)).toEqual({
      kind: 'line_discount_exceeds',
      line: 0,
    });
    expect(computeSale([line(1000, 100)], { amountCents: 101 })).toEqual({ kind: 'order_discount_exceeds', max: 100 });
  });

  it('lines always sum exactly to the total (property)', () => {
    const lineArb = fc.record({
      qtyMilli: fc.integer({ min: 1, max: 50_000 }),
      unitPriceCents: fc.integer({ min: 1, max: 500_000 }),
      unitCostCents: fc.integer({ min: 0, max: 500_000 }),
      commissionRateBp: fc.integer({ min: 0, max: 10_000 }),
      discountShare: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (raw, orderShare) => {
          const inputs = raw.map((l) => {
            const amount = Math.floor((l.qtyMilli * l.unitPriceCents * 2 + 1000) / 2000);
            return line(l.qtyMilli, l.unitPriceCents, {
              ...l,
              lineDiscountCents: Math.floor((amount * l.discountShare) / 100),
            });
          });
          const base = inputs.reduce(
            (a, l) => a + Math.floor((l.qtyMilli * l.unitPriceCents * 2 + 1000) / 2000) - l.lineDiscountCents,
            0,
          );
          const result = computeSale(inputs, { amountCents: Math.floor((base * orderShare) / 100) });
          if (isProblem(result)) throw new Error(JSON.stringify(result));
          expect(result.lines.reduce((a, l) => a + l.netCents, 0)).toBe(result.totalCents);
          expect(result.subtotalCents - result.lineDiscountCents - result.orderDiscountCents).toBe(result.totalCents);
          result.lines.forEach((l) => expect(l.netCents).toBeGreaterThanOrEqual(0));
        },
      ),
    );
  });
});
