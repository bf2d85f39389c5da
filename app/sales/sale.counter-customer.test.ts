import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

describe('a customer created at the counter', () => {
  it('goes on the sale by id (it has no external id)', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    const { id } = expectOk(
      app.dispatch(
        'customers.quickCreate',
        { name: 'João Balcão', phone: '11912345678', cpf: '390.533.447-05' },
        session,
      ),
    );
    const sale = expectOk(
      app.dispatch(
        'sales.register',
        {
          external_id: 'S-C',
          customer_id: id,
          items: [{ variant_external_id: 'LIMP-PELE', qty: 1 }],
          payments: [{ method: 'pix', amount: 15000 }],
        },
        session,
      ),
    );
    expect(expectOk(app.dispatch('sales.get', { sale_id: sale.sale_id }, session)).customer).toMatchObject({
      id,
      name: 'João Balcão',
    });
  });

  it('refuses an unknown customer id and changes nothing', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = dumpContent(app.db);
    expect(
      app.dispatch(
        'sales.register',
        { external_id: 'S-X', customer_id: 'nope', items: [{ variant_external_id: 'LIMP-PELE', qty: 1 }] },
        session,
      ),
    ).toMatchObject({ ok: false, error: { code: 'unknown_customer', message: 'Cliente não encontrado.' } });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
