import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { openCounter } from '../../test/counter-fixtures';
import { formatBp, formatQtyMilli } from './pdv-checks.service';

describe('pdv.check_line (issue 8, item 16)', () => {
  it('says how many are in stock: refused when selling without stock is off, a warning when on', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('stock.receive', { sku: 'TEN-AZ-38', qty: 2 }, owner));
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'TEN-AZ-38', qty: 2 }, cashier))).toEqual({
      variant_id: expect.any(String),
      sku: 'TEN-AZ-38',
      name: 'Tênis Corrida Azul',
      kind: 'goods',
      sold_by_weight: false,
      qty_milli: 2000,
      stock_milli: 2000,
      allow_negative_stock: true,
      ok: true,
      problem: null,
    });
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'TEN-AZ-38', qty: 3 }, cashier))).toMatchObject({
      ok: true,
      problem: {
        code: 'negative_stock',
        message: 'Estoque de TEN-AZ-38 fica negativo: há 2 em estoque, a venda é de 3.',
      },
    });
    expectOk(app.dispatch('counter.settings.set', { allow_negative_stock: false }, owner));
    const before = dumpContent(app.db);
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'TEN-AZ-38', qty: 3 }, cashier))).toMatchObject({
      ok: false,
      allow_negative_stock: false,
      problem: { code: 'insufficient_stock', message: 'Estoque insuficiente de TEN-AZ-38: há 2 em estoque.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('refuses half a shoe, accepts 1,5 kg, has no stock for a service, and names an unknown SKU', async () => {
    const { app, cashier } = await openCounter();
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'TEN-AZ-38', qty: 1.5 }, cashier))).toMatchObject({
      ok: false,
      problem: { code: 'fractional_quantity', message: 'TEN-AZ-38 não é vendido por peso: use quantidades inteiras.' },
    });
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'GRAN-KG', qty: 1.5 }, cashier))).toMatchObject({
      ok: true,
      sold_by_weight: true,
      qty_milli: 1500,
      problem: { code: 'negative_stock' },
    });
    expect(expectOk(app.dispatch('pdv.check_line', { sku: 'LIMP-PELE', qty: 5 }, cashier))).toMatchObject({
      ok: true,
      stock_milli: null,
      problem: null,
    });
    expect(app.dispatch('pdv.check_line', { sku: 'NOPE', qty: 1 }, cashier)).toMatchObject({
      ok: false,
      error: { code: 'unknown_sku', message: 'Produto desconhecido: NOPE.' },
    });
  });
});

describe('pdv.check_discount (issue 8, item 16)', () => {
  // TEN-AZ-38 lists at R$ 299,90; the default limit is 10%: R$ 29,99.
  const cart = (extra: Record<string, unknown>) => ({
    items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
    ...extra,
  });

  it('gives the limit and whether a manager must approve, as sales.register would decide', async () => {
    const { app, cashier, manager } = await openCounter();
    expect(expectOk(app.dispatch('pdv.check_discount', cart({ discount_amount: 2999 }), cashier))).toEqual({
      list_cents: 29990,
      total_cents: 26991,
      discount_cents: 2999,
      discount_bp: 1000,
      limit_bp: 1000,
      max_discount_cents: 2999,
      within_limit: true,
      needs_approval: false,
      message: 'O limite de desconto sem aprovação é 10% (R$\u00a029,99 nesta venda).',
    });
    const typedOver = cart({ items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 26990 }] });
    expect(expectOk(app.dispatch('pdv.check_discount', typedOver, cashier))).toMatchObject({
      discount_cents: 3000,
      discount_bp: 1000,
      within_limit: false,
      needs_approval: true,
      message:
        'O limite de desconto sem aprovação é 10% (R$\u00a029,99 nesta venda): este desconto de R$\u00a030,00 precisa da aprovação de um gerente.',
    });
    expect(expectOk(app.dispatch('pdv.check_discount', cart({ discount_percentage: 12.5 }), manager))).toMatchObject({
      discount_cents: 3749,
      discount_bp: 1250,
      within_limit: false,
      needs_approval: false,
    });
    expect(app.dispatch('pdv.check_discount', cart({ discount_percentage: 12.345 }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('formatting for the messages', () => {
  it.each([
    [2000, '2'],
    [1500, '1,5'],
    [1005, '1,005'],
    [-1000, '-1'],
    [0, '0'],
  ])('%i thousandths → %s', (milli, text) => {
    expect(formatQtyMilli(milli)).toBe(text);
  });

  it.each([
    [1000, '10%'],
    [1250, '12,5%'],
    [1, '0,01%'],
  ])('%i bp → %s', (bp, text) => {
    expect(formatBp(bp)).toBe(text);
  });
});
