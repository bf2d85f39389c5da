import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

/** A store with the catalog, a manager, and a cashier signed in at an open caixa. */
async function counter() {
  const { app } = await openStoreWithCatalog();
  const managerId = addUser(app, 'gerente', 'manager', '5678');
  addUser(app, 'caixa', 'cashier', '1111');
  const cashier = newSession();
  expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
  expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
  return { app, cashier, managerId };
}

const sale = (extra: Record<string, unknown>) => ({
  external_id: crypto.randomUUID(),
  items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
  payments: [{ method: 'dinheiro', amount: 30000 }],
  ...extra,
});

describe('approvals travel on the synced facts', () => {
  it('records the manager who approved a discount beyond the limit on the sale and in its outbox entry', async () => {
    const { app, cashier, managerId } = await counter();
    const approved = expectOk(
      app.dispatch(
        'sales.register',
        sale({ discount_amount: 5000, approval: { login: 'gerente', pin: '5678' } }),
        cashier,
      ),
    );
    const within = expectOk(app.dispatch('sales.register', sale({ discount_amount: 1000 }), cashier));
    const stored = (id: string) =>
      app.db.raw.prepare('SELECT discount_approved_by FROM sales WHERE id = ?').pluck().get(id) as string | null;
    const sent = (id: string) => {
      const payload = app.db.raw
        .prepare(`SELECT payload FROM sync_outbox WHERE table_name = 'sales' AND row_id = ?`)
        .pluck()
        .get(id) as string;
      return (JSON.parse(payload) as { discount_approved_by: string | null }).discount_approved_by;
    };
    expect(stored(approved.sale_id)).toBe(managerId);
    expect(sent(approved.sale_id)).toBe(managerId);
    expect(stored(within.sale_id)).toBeNull();
    expect(sent(within.sale_id)).toBeNull();
  });
});
