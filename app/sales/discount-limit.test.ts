import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { dumpContent, expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

/** A store with the catalog, a manager, and a cashier signed in at the counter. */
async function counter() {
  const { app, session: owner } = await openStoreWithCatalog();
  addUser(app, 'gerente', 'manager', '5678');
  addUser(app, 'caixa', 'cashier', '1111');
  const cashier = newSession();
  expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
  expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
  return { app, owner, cashier };
}

// TEN-AZ-38 lists at 299,90: 10% is 29,99.
const sale = (extra: Record<string, unknown>) => ({
  external_id: crypto.randomUUID(),
  items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
  payments: [{ method: 'dinheiro', amount: 30000 }],
  ...extra,
});

describe('discount limit at the counter', () => {
  it('lets a cashier give up to the limit (10% by default) without approval', async () => {
    const { app, cashier } = await counter();
    const ok = expectOk(app.dispatch('sales.register', sale({ discount_amount: 2999 }), cashier));
    expect(ok.total_cents).toBe(26991);
  });

  it('asks for a manager above the limit, in any form: order discount, line discount or a lower price', async () => {
    const { app, cashier } = await counter();
    const before = dumpContent(app.db);
    for (const attempt of [
      sale({ discount_amount: 3000 }),
      sale({ items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, discount_amount: 3000 }] }),
      sale({ items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 26990 }] }),
    ]) {
      expect(app.dispatch('sales.register', attempt, cashier)).toMatchObject({
        ok: false,
        error: { code: 'approval_required', message: 'Esta ação precisa da aprovação de um gerente.' },
      });
    }
    expect(dumpContent(app.db)).toEqual(before);
  });

  it("accepts a manager's login and PIN, refuses a wrong PIN or a cashier approving", async () => {
    const { app, cashier } = await counter();
    addUser(app, 'caixa2', 'cashier', '2222');
    const before = dumpContent(app.db);
    expect(
      app.dispatch(
        'sales.register',
        sale({ discount_amount: 5000, approval: { login: 'gerente', pin: '0000' } }),
        cashier,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'approval_invalid', message: 'Login ou PIN de aprovação incorretos.' },
    });
    expect(
      app.dispatch(
        'sales.register',
        sale({ discount_amount: 5000, approval: { login: 'caixa2', pin: '2222' } }),
        cashier,
      ),
    ).toMatchObject({ ok: false, error: { code: 'approval_invalid' } });
    expect(dumpContent(app.db)).toEqual(before);
    const approved = app.dispatch(
      'sales.register',
      sale({ discount_amount: 5000, approval: { login: 'gerente', pin: '5678' } }),
      cashier,
    );
    expect(expectOk(approved).total_cents).toBe(24990);
  });

  it('needs no approval for a manager or for a price raised above the list', async () => {
    const { app, owner } = await counter();
    expectOk(app.dispatch('sales.register', sale({ discount_amount: 15000 }), owner));
    const higher = sale({ items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 31000 }] });
    expectOk(app.dispatch('sales.register', { ...higher, payments: [{ method: 'dinheiro', amount: 31000 }] }, owner));
  });

  it('follows the configured limit', async () => {
    const { app, cashier } = await counter();
    app.db.raw
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sales.max_discount_bp', '0', 'x')")
      .run();
    expect(app.dispatch('sales.register', sale({ discount_amount: 1 }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
  });
});
