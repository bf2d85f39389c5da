import { describe, expect, it } from 'vitest';
import { exportInput } from './export';
import { paymentFigures } from './payment-figures';

describe('paymentFigures', () => {
  it('a cash tender that was all change shows what was given, R$ 0,00 applied and the change', () => {
    expect(paymentFigures({ amount_cents: 0, tendered_cents: 200, change_cents: 200 })).toEqual({
      tendered_cents: 200,
      applied_cents: 0,
      change_cents: 200,
      split: true,
    });
  });

  it('R$ 50,00 given on R$ 47,00 is 47,00 applied and 3,00 change', () => {
    expect(paymentFigures({ amount_cents: 4700, tendered_cents: 5000, change_cents: 300 })).toEqual({
      tendered_cents: 5000,
      applied_cents: 4700,
      change_cents: 300,
      split: true,
    });
  });

  it('an exact card payment is one figure', () => {
    expect(paymentFigures({ amount_cents: 12990, tendered_cents: 12990, change_cents: 0 }).split).toBe(false);
  });

  it('a row with no tender stored counts given as applied + change', () => {
    expect(paymentFigures({ amount_cents: 4700, tendered_cents: 0, change_cents: 300 }).tendered_cents).toBe(5000);
  });
});

describe('exportInput', () => {
  it('keeps the filters and drops paging and shaping fields', () => {
    expect(
      exportInput({
        from: '2026-11-01',
        to: '2026-11-30',
        status: 'completa',
        payment_method: 'pix',
        with_lines: false,
        with_totals: true,
        limit: 200,
        offset: 400,
      }),
    ).toEqual({ from: '2026-11-01', to: '2026-11-30', status: 'completa', payment_method: 'pix' });
  });
});
