import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateLargestRemainder,
  applyRateBp,
  divRoundHalfUp,
  formatBRL,
  lineAmount,
  percentToBp,
  toMilli,
} from './money';

describe('money', () => {
  it('rounds half up to the centavo', () => {
    expect(lineAmount(1500, 333)).toBe(500); // 499.5 → 500
    expect(lineAmount(1250, 1999)).toBe(2499); // 2498.75 → 2499
    expect(applyRateBp(1001, 350)).toBe(35); // 35.035
    expect(applyRateBp(1000, 350)).toBe(35);
    expect(divRoundHalfUp(-5, 2)).toBe(-3);
  });

  it('allocates by largest remainder with ties by position', () => {
    expect(allocateLargestRemainder(100, [100, 100, 100])).toEqual([34, 33, 33]);
    expect(allocateLargestRemainder(10, [3000, 1000, 1000])).toEqual([6, 2, 2]);
    expect(allocateLargestRemainder(0, [5, 5])).toEqual([0, 0]);
    expect(() => allocateLargestRemainder(11, [5, 5])).toThrow(RangeError);
  });

  it('allocation always sums exactly and never exceeds a weight (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (weights, seed) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const total = seed % (sum + 1);
          const parts = allocateLargestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(weights[i] ?? 0);
          });
        },
      ),
    );
  });

  it('converts typed quantities and percentages exactly, refusing extra decimals', () => {
    expect(toMilli(1.25)).toBe(1250);
    expect(toMilli(0.001)).toBe(1);
    expect(toMilli(1.0005)).toBeNull();
    expect(percentToBp(3.5)).toBe(350);
    expect(percentToBp(3.555)).toBeNull();
  });

  it('formats BRL in pt-BR', () => {
    expect(formatBRL(123456)).toBe('R$\u00a01.234,56');
  });
});
