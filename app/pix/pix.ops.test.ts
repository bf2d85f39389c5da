import { describe, expect, it } from 'vitest';
import { parsePixPayload } from '../br/pix';
import { expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

async function storeWithPix(fields: Record<string, unknown> = {}) {
  const { app, session } = await openStoreWithCatalog();
  expectOk(
    app.dispatch(
      'store.update',
      { name: 'Sapataria e Acessórios Boa Vista', city: 'São José dos Campos', pix_key: '11222333000181', ...fields },
      session,
    ),
  );
  return { app, session };
}

describe('PIX at the counter', () => {
  it('builds the copia e cola for the exact amount from the store key, name and city, ASCII and cut to size', async () => {
    const { app, session } = await storeWithPix();
    const charge = expectOk(app.dispatch('pix.charge', { amount_cents: 12345 }, session));
    const fields = parsePixPayload(charge.payload);
    expect(fields.get('54')).toBe('123.45');
    expect(fields.get('59')).toBe('Sapataria e Acessorios Bo');
    expect(fields.get('60')).toBe('Sao Jose dos Ca');
    expect(fields.get('26')).toContain('11222333000181');
  });

  it('prints the same code on the receipt of a sale paid by PIX', async () => {
    const { app, session } = await storeWithPix();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    const sale = expectOk(
      app.dispatch(
        'sales.register',
        {
          external_id: 'S-PIX',
          items: [{ variant_external_id: 'MEIA-01', qty: 2 }],
          payments: [
            { method: 'dinheiro', amount: 980 },
            { method: 'pix', amount: 3000 },
          ],
        },
        session,
      ),
    );
    const detail = expectOk(app.dispatch('sales.get', { sale_id: sale.sale_id }, session));
    expect(detail.pix_payload).toBe(expectOk(app.dispatch('pix.charge', { amount_cents: 3000 }, session)).payload);
  });

  it('says what to configure when the store has no key or no city', async () => {
    const { app, session } = await openStoreWithCatalog();
    expect(app.dispatch('pix.charge', { amount_cents: 100 }, session)).toMatchObject({
      ok: false,
      error: { code: 'pix_key_missing' },
    });
    expectOk(app.dispatch('store.update', { pix_key: 'loja@example.com' }, session));
    expect(app.dispatch('pix.charge', { amount_cents: 100 }, session)).toMatchObject({
      ok: false,
      error: {
        code: 'pix_city_missing',
        message: 'Informe a cidade da loja em Configurações: ela faz parte do QR code PIX.',
      },
    });
    expect(app.dispatch('pix.charge', { amount_cents: 0 }, session)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
