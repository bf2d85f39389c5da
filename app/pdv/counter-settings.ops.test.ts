import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { dumpContent, expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

describe('counter settings', () => {
  it('shows the defaults and saves a new discount limit that the counter then applies', async () => {
    const { app, session } = await openStoreWithCatalog();
    expect(expectOk(app.dispatch('counter.settings', {}, session))).toEqual({
      max_discount_bp: 1000,
      cash_max_difference_cents: 1000,
      cash_sangria_approval_above_cents: 50000,
      allow_negative_stock: true,
      allow_internal_barcodes: false,
    });
    expect(expectOk(app.dispatch('counter.settings.set', { max_discount_bp: 2500 }, session))).toMatchObject({
      max_discount_bp: 2500,
    });
    addUser(app, 'caixa', 'cashier', '1111');
    const cashier = newSession();
    expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    // 20% off: above the old 10%, within the new 25%.
    const sale = app.dispatch(
      'sales.register',
      {
        external_id: 'S-20',
        items: [{ variant_external_id: 'LIMP-PELE', qty: 1 }],
        discount_amount: 3000,
        payments: [{ method: 'pix', amount: 12000 }],
      },
      cashier,
    );
    expect(expectOk(sale).total_cents).toBe(12000);
    expect(app.dispatch('counter.settings.set', { max_discount_bp: 0 }, cashier)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses a limit above 100% and changes nothing', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = dumpContent(app.db);
    expect(app.dispatch('counter.settings.set', { max_discount_bp: 10_001 }, session)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        details: { issues: [{ path: 'max_discount_bp', message: 'O limite deve ser de 0% a 100%.' }] },
      },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
