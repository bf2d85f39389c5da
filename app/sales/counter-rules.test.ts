import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, saleData } from '../../test/sales-fixtures';
import { counterSale, openCounter } from '../../test/counter-fixtures';

const HALF_A_SHOE = {
  code: 'fractional_quantity',
  message: 'TEN-AZ-38 não é vendido por peso: use quantidades inteiras.',
  details: { sku: 'TEN-AZ-38', qty_milli: 1500 },
};

describe('fractional quantities only for products sold by weight (issue 8, item 9)', () => {
  it('refuses 1,5 pair of shoes at the counter, in an import, a return and a parked cart; changes nothing', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    applyOk(app, owner, 'register_sale', saleData());
    const before = dumpContent(app.db);
    const shoe = [{ variant_external_id: 'TEN-AZ-38', qty: 1.5 }];
    expect(app.dispatch('sales.register', counterSale({ items: shoe }), cashier)).toMatchObject({
      ok: false,
      error: HALF_A_SHOE,
    });
    expect(apply(app, owner, 'register_sale', saleData({ external_id: 'S-F', items: shoe }))).toMatchObject({
      ok: false,
      error: HALF_A_SHOE,
    });
    const halfReturn = {
      reference_external_id: 'S-1',
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 0.5 }],
      reason: 'meio par',
      condition: 'revenda',
      refund_method: 'original',
    };
    const halfError = { ...HALF_A_SHOE, details: { sku: 'TEN-AZ-38', qty_milli: 500 } };
    expect(app.dispatch('sales.return', halfReturn, owner)).toMatchObject({ ok: false, error: halfError });
    expect(apply(app, owner, 'register_return', halfReturn)).toMatchObject({ ok: false, error: halfError });
    const cart = {
      lines: [{ sku: 'TEN-AZ-38', name: 'Tênis', unitPriceCents: 29990, qty: 1.5, discountCents: 0 }],
      orderDiscountCents: 0,
      customer: null,
      salespersonExternalId: null,
    };
    expect(app.dispatch('pdv.park', { cart, total_cents: 44985 }, cashier)).toMatchObject({
      ok: false,
      error: HALF_A_SHOE,
    });
    expect(app.dispatch('stock.receive', { sku: 'TEN-AZ-38', qty: 1.5 }, owner)).toMatchObject({
      ok: false,
      error: { code: 'fractional_quantity' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('sells 1,5 kg of a product sold by weight: R$ 60,00', async () => {
    const { app, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const sale = app.dispatch(
      'sales.register',
      counterSale({
        items: [{ variant_external_id: 'GRAN-KG', qty: 1.5 }],
        payments: [{ method: 'pix', amount: 6000 }],
      }),
      cashier,
    );
    expect(expectOk(sale)).toMatchObject({ status: 'completa', total_cents: 6000 });
  });
});

describe('inactive products are not sold nor found at the PDV (issue 8, item 10)', () => {
  async function withInactiveShoe(level: 'product' | 'variant') {
    const h = await openCounter();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 0 }, h.cashier));
    if (level === 'product') {
      h.app.db.raw.prepare("UPDATE products SET active = 0 WHERE external_id = 'TEN-AZ-38'").run();
    } else {
      applyOk(h.app, h.owner, 'upsert_product', {
        external_id: 'TEN-AZ-38',
        name: 'Tênis Corrida Azul',
        category: 'Calçados',
        kind: 'goods',
        unit_price: 29990,
        active: false,
      });
    }
    return h;
  }

  it.each(['product', 'variant'] as const)(
    'an inactive %s: sale refused with inactive_product, scan refused, not in the counter search',
    async (level) => {
      const { app, owner, cashier } = await withInactiveShoe(level);
      const before = dumpContent(app.db);
      const inactive = {
        code: 'inactive_product',
        message: 'TEN-AZ-38 está inativo e não pode ser vendido. Reative-o em Configurações › Produtos.',
      };
      expect(app.dispatch('sales.register', counterSale(), cashier)).toMatchObject({ ok: false, error: inactive });
      expect(app.dispatch('catalog.lookupBarcode', { code: '7891234567895' }, cashier)).toMatchObject({
        ok: false,
        error: inactive,
      });
      expect(expectOk(app.dispatch('catalog.search', { query: '7891234567895' }, cashier))).toEqual([]);
      expect(expectOk(app.dispatch('catalog.search', { query: 'TEN-AZ-38' }, cashier))).toEqual([]);
      expect(expectOk(app.dispatch('catalog.search', { query: 'tenis' }, cashier))).toEqual([]);
      expect(expectOk(app.dispatch('pdv.check_line', { sku: 'TEN-AZ-38', qty: 1 }, cashier))).toMatchObject({
        ok: false,
        problem: inactive,
      });
      expect(dumpContent(app.db)).toEqual(before);
      // Configurações still lists it, marked inactive, and an import records history as it was.
      const listed = expectOk(app.dispatch('catalog.list', { query: 'tenis' }, owner));
      expect(listed.items.map((i) => [i.sku, i.active])).toEqual([['TEN-AZ-38', false]]);
      expect(applyOk(app, owner, 'register_sale', saleData()).status).toBe('applied');
    },
  );
});

describe('stock at the counter says how many are in stock (issue 8, item 16)', () => {
  it('refuses 3 pairs with 2 in stock when selling without stock is off, naming the 2', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('stock.receive', { sku: 'TEN-AZ-38', qty: 2 }, owner));
    expectOk(app.dispatch('counter.settings.set', { allow_negative_stock: false }, owner));
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const before = dumpContent(app.db);
    const three = counterSale({
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 3 }],
      payments: [{ method: 'pix', amount: 89970 }],
    });
    expect(app.dispatch('sales.register', three, cashier)).toMatchObject({
      ok: false,
      error: {
        code: 'insufficient_stock',
        message: 'Estoque insuficiente de TEN-AZ-38: há 2 em estoque.',
        details: { sku: 'TEN-AZ-38', stock_milli: 2000 },
      },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
