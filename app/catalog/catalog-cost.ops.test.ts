import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, sessionAs } from './catalog.fixtures';

describe('catalog: who sees costs', () => {
  it('hides cost_cents from a cashier in catalog.get, catalog.list and catalog.lookupBarcode', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    const cashier = sessionAs('cashier');
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, cashier))).toMatchObject({
      price_cents: 8990,
      cost_cents: null,
    });
    expect(expectOk(app.dispatch('catalog.lookupBarcode', { code: '7891234567895' }, cashier)).cost_cents).toBeNull();
    const list = expectOk(app.dispatch('catalog.list', {}, cashier));
    expect(list.items.map((v) => v.cost_cents)).toEqual([null]);
    const hits = expectOk(app.dispatch('catalog.search', { query: 'camisa' }, cashier));
    expect(hits).toHaveLength(1);
    expect(hits[0]).not.toHaveProperty('cost_cents');
  });

  it('shows cost_cents to the owner and a manager', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, session)).cost_cents).toBe(4200);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, sessionAs('manager'))).cost_cents).toBe(4200);
  });
});

describe('catalog.list pages', () => {
  it('pages with a total and filters by product', async () => {
    const { app, session } = await openSetUpApp();
    for (const size of ['P', 'M', 'G']) {
      addProduct(app, session, { external_id: `CAM-001-${size}`, size, barcodes: [] });
    }
    addProduct(app, session, { external_id: 'BON-1', product_external_id: 'BON', name: 'Boné', barcodes: [] });
    const first = expectOk(app.dispatch('catalog.list', { limit: 2, offset: 0 }, session));
    const second = expectOk(app.dispatch('catalog.list', { limit: 2, offset: 2 }, session));
    expect(first.total).toBe(4);
    expect([...first.items, ...second.items].map((v) => v.sku)).toEqual([
      'BON-1',
      'CAM-001-G',
      'CAM-001-M',
      'CAM-001-P',
    ]);
    const productId = first.items[1]?.product_id ?? '';
    const ofProduct = expectOk(app.dispatch('catalog.list', { product_id: productId }, session));
    expect(ofProduct.items.map((v) => v.sku)).toEqual(['CAM-001-G', 'CAM-001-M', 'CAM-001-P']);
    expect(expectOk(app.dispatch('catalog.list', { query: 'bon' }, session)).items.map((v) => v.sku)).toEqual([
      'BON-1',
    ]);
  });

  it('refuses a page larger than 500 and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'catalog.list',
      { limit: 501 },
      {
        code: 'invalid_input',
        message: 'Dados inválidos (limit: No máximo 500 resultados por página.).',
      },
    );
  });
});

describe('stock.receive with a unit cost', () => {
  it('records the receiving and makes the cost the variant cost', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    const change = expectOk(app.dispatch('stock.receive', { variant_id: id, qty: 10, unit_cost: 4550 }, session));
    expect(change.stock_milli).toBe(10_000);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, session))).toMatchObject({
      cost_cents: 4550,
      stock_milli: 10_000,
    });
  });

  it('refuses a negative cost and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    expectRefusal(
      app,
      session,
      'stock.receive',
      { variant_id: id, qty: 1, unit_cost: -1 },
      {
        code: 'invalid_input',
        message: 'Dados inválidos (unit_cost: O custo não pode ser negativo.).',
      },
    );
  });
});
