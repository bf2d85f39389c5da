import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { counterSale, openCounter } from '../../test/counter-fixtures';

/**
 * A sale reads its lines' variants and their stock once (issue 9 item 14), not once per line:
 * a SKU named on two lines still starts its second line where the first left it, and an
 * unknown SKU or a missing stock is refused at the line that names it, changing nothing.
 */
describe("a sale's variants and stock read once for all its lines", () => {
  it('the same SKU on two lines: the second line warns with the stock the first left (2 − 1 − 2 = −1)', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('stock.receive', { sku: 'TEN-AZ-38', qty: 2 }, owner));
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const sale = expectOk(
      app.dispatch(
        'sales.register',
        counterSale({
          items: [
            { variant_external_id: 'TEN-AZ-38', qty: 1 },
            { variant_external_id: 'MEIA-01', qty: 1 },
            { variant_external_id: 'TEN-AZ-38', qty: 2 },
          ],
          payments: [{ method: 'pix', amount: 29990 * 3 + 1990 }],
        }),
        cashier,
      ),
    );
    expect(sale.warnings).toEqual([
      { code: 'negative_stock', sku: 'MEIA-01', stock_milli: -1000 },
      { code: 'negative_stock', sku: 'TEN-AZ-38', stock_milli: -1000 },
    ]);
    const levels = app.db.raw
      .prepare(
        'SELECT v.external_id, l.qty_milli FROM stock_levels l JOIN variants v ON v.id = l.variant_id ORDER BY v.external_id',
      )
      .all();
    expect(levels).toEqual([
      { external_id: 'MEIA-01', qty_milli: -1000 },
      { external_id: 'TEN-AZ-38', qty_milli: -1000 },
    ]);
  });

  it('without selling past the stock, the second line of the same SKU is refused naming what was left (1)', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('stock.receive', { sku: 'TEN-AZ-38', qty: 2 }, owner));
    expectOk(app.dispatch('counter.settings.set', { allow_negative_stock: false }, owner));
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const before = dumpContent(app.db);
    const result = app.dispatch(
      'sales.register',
      counterSale({
        items: [
          { variant_external_id: 'TEN-AZ-38', qty: 1 },
          { variant_external_id: 'TEN-AZ-38', qty: 2 },
        ],
        payments: [{ method: 'pix', amount: 29990 * 3 }],
      }),
      cashier,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'insufficient_stock', details: { sku: 'TEN-AZ-38', stock_milli: 1000 } },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('an unknown SKU among known ones is refused by name after the lines before it were checked', async () => {
    const { app, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const before = dumpContent(app.db);
    const items = [
      { variant_external_id: 'MEIA-01', qty: 1 },
      { variant_external_id: 'NAO-EXISTE', qty: 1 },
      { variant_external_id: 'TEN-AZ-38', qty: 1.5 },
    ];
    expect(app.dispatch('sales.register', counterSale({ items }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'unknown_sku', details: { sku: 'NAO-EXISTE' } },
    });
    // The half shoe comes before the unknown SKU: it is the one refused.
    const swapped = [items[0], items[2], items[1]];
    expect(app.dispatch('sales.register', counterSale({ items: swapped }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'fractional_quantity', details: { sku: 'TEN-AZ-38' } },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
