import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

describe('costs and margins at the counter', () => {
  it('a cashier sells and looks a sale up without ever receiving its cost or margin; the owner sees them', async () => {
    const { app, session: owner } = await openStoreWithCatalog();
    addUser(app, 'caixa', 'cashier', '1111');
    const cashier = newSession();
    expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
    const sale = expectOk(
      app.dispatch(
        'sales.register',
        {
          external_id: 'S-V',
          items: [{ variant_external_id: 'LIMP-PELE', qty: 1 }],
          payments: [{ method: 'pix', amount: 15000 }],
        },
        cashier,
      ),
    );
    expect(sale.margin_cents).toBeNull();
    const seen = expectOk(app.dispatch('sales.get', { sale_id: sale.sale_id }, cashier));
    expect(seen.margin_cents).toBeNull();
    expect(seen.items[0]).toMatchObject({ unit_cost_cents: null, margin_cents: null, unit_price_cents: 15000 });
    const listed = expectOk(app.dispatch('sales.query', { external_id: 'S-V' }, cashier));
    expect(listed.sales[0]?.items[0]).toMatchObject({ margin_cents: null });

    const full = expectOk(app.dispatch('sales.get', { sale_id: sale.sale_id }, owner));
    expect(full.margin_cents).toBe(12000);
    expect(full.items[0]).toMatchObject({ unit_cost_cents: 3000, margin_cents: 12000 });
  });
});
