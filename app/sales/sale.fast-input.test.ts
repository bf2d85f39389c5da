import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useBrazilianPortuguese } from '../contract/zod-pt-br';
import { fastRegisterSaleInput } from './sale.fast-input';
import { PAYMENT_METHODS, registerSaleSchema } from './sale.schemas';

useBrazilianPortuguese();

/** Keys in order, `undefined` and −0 written out: "equal" here means the handler gets the same input. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '<undefined>';
    if (typeof v === 'number' && Object.is(v, -0)) return '<-0>';
    if (typeof v === 'number' && !Number.isFinite(v)) return `<${String(v)}>`;
    return v;
  });
}

/** Mostly values the shortcut can take, now and then anything else: both paths get exercised. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: other });
const weirdText = fc.oneof(
  fc.constantFrom(' B-1', 'B-1 ', '', ' ', 'a\u0000b', 'a\tb', 'a\nb', '\uD800x', undefined),
  fc.string({ maxLength: 4 }),
  fc.string({ minLength: 29, maxLength: 32 }),
  fc.string({ minLength: 99, maxLength: 102 }),
  fc.integer(),
);
const text = mostly(fc.constantFrom('B-1', 'TEN-AZ-38', 'V1', 'çÃo', 'pdv', 'Loja', 'x'.repeat(30)), weirdText);
const weirdNumber = fc.oneof(
  fc.constantFrom(-0, 0, -1, 0.5, 1.001, 3.55, 3.555, 99.99, 100.01, 999_999, 1_000_000, 99_999_999_999),
  fc.constantFrom(100_000_000_000, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 13, undefined, '1'),
  fc.double(),
);
const count = mostly(fc.integer({ min: 1, max: 12 }), weirdNumber);
const cents = mostly(fc.integer({ min: 0, max: 50_000 }), weirdNumber);
const rare = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: arbitrary });
const item = fc
  .tuple(
    fc.record({ variant_external_id: text, qty: count }),
    fc.record({ unit_price: cents, discount_amount: cents }, { requiredKeys: [] }),
    rare(fc.record({ extra: text })),
  )
  .map(([a, b, c]) => ({ ...a, ...b, ...c }));
const payment = fc
  .tuple(
    fc.record({
      method: mostly(fc.constantFrom(...PAYMENT_METHODS), fc.constantFrom('cheque', undefined)),
      amount: cents,
    }),
    fc.record({ installments: count }, { requiredKeys: [] }),
    rare(
      fc.record({ card_brand: text, first_due_date: fc.constantFrom('2026-12-10', undefined) }, { requiredKeys: [] }),
    ),
  )
  .map(([a, b, c]) => ({ ...a, ...b, ...c }));
const sale = fc
  .tuple(
    fc.record({
      external_id: text,
      items: mostly(fc.array(item, { minLength: 1, maxLength: 3 }), fc.constantFrom([], 'x', undefined)),
    }),
    fc.record(
      {
        customer_external_id: text,
        customer_id: text,
        salesperson_external_id: text,
        location_external_id: text,
        register: text,
        channel: text,
        occurred_at: mostly(
          fc.constantFrom('2026-11-30T10:00:00-03:00', '2026-11-30T13:00:00.123Z', '2026-02-28T23:59:59+00:00'),
          fc.constantFrom(
            '2026-11-30T10:00:00',
            '2026-13-01T00:00:00Z',
            '',
            ' 2026-11-30T10:00:00Z',
            '2026-11-30',
            0,
            undefined,
          ),
        ),
        discount_amount: cents,
        discount_percentage: mostly(fc.integer({ min: 0, max: 100 }), weirdNumber),
        payments: mostly(fc.array(payment, { maxLength: 3 }), fc.constantFrom(undefined, {}, 'x')),
        notes: text,
      },
      { requiredKeys: [] },
    ),
    rare(
      fc.record(
        { occurred_at: fc.constantFrom('2026-11-30T10:00:00-03:00', undefined), extra: text },
        { requiredKeys: [] },
      ),
    ),
  )
  .map(([a, b, c]) => ({ ...a, ...b, ...c }));

describe('sales.register input shortcut (issue 9 item 14)', () => {
  it('accepts only what zod accepts, and returns exactly what zod returns', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sale, (input) => {
        const fast = fastRegisterSaleInput(input);
        if (fast === undefined) return;
        accepted++;
        const parsed = registerSaleSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(exact(fast)).toBe(exact(parsed.data));
      }),
      { numRuns: 3000 },
    );
    // The generator reaches the shortcut often (a property that never runs proves nothing).
    expect(accepted).toBeGreaterThan(100);
  });

  it("takes the counter's everyday sale, and leaves the rest to zod", () => {
    const counter = {
      external_id: 'B-1',
      salesperson_external_id: 'V1',
      customer_id: undefined,
      items: [{ variant_external_id: 'SKU-1', qty: 2, unit_price: 1990 }],
      payments: [
        { method: 'pix', amount: 2000 },
        { method: 'cartao_credito', amount: 1980, installments: 3 },
      ],
    };
    expect(exact(fastRegisterSaleInput(counter))).toBe(exact(registerSaleSchema.parse(counter)));
    expect(fastRegisterSaleInput(counter)).toEqual({ ...counter, channel: 'PDV' });
    // An import's sale with its instant (`cli apply`), the same as zod's.
    const imported = { ...counter, channel: 'ECOMMERCE', occurred_at: '2026-11-30T10:00:00-03:00' };
    expect(exact(fastRegisterSaleInput(imported))).toBe(exact(registerSaleSchema.parse(imported)));
    for (const other of [
      { ...counter, items: [{ variant_external_id: 'GRAN-KG', qty: 0.25 }] },
      { ...counter, external_id: ' B-1' },
      { ...counter, payments: [{ method: 'crediario', amount: 3980, first_due_date: '2026-12-30' }] },
      { ...counter, approval: { login: 'gerente', pin: '5678' } },
    ]) {
      expect(fastRegisterSaleInput(other)).toBeUndefined();
      expect(registerSaleSchema.safeParse(other).success).toBe(true);
    }
  });
});
