import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, sessionAs } from '../catalog/catalog.fixtures';

async function withStockables() {
  const { app, session } = await openSetUpApp();
  const shirt = addProduct(app, session);
  const cheese = addProduct(app, session, {
    external_id: 'QUEIJO-KG',
    product_external_id: 'QUEIJO',
    name: 'Queijo Minas',
    category: 'Frios',
    barcodes: [],
    sold_by_weight: true,
  });
  addProduct(app, session, {
    external_id: 'SRV-1',
    product_external_id: 'SRV-1',
    name: 'Ajuste de barra',
    category: 'Serviços',
    kind: 'service',
    barcodes: [],
    size: null,
    color: null,
  });
  const storeId = app.db.raw.prepare('SELECT id FROM stores').pluck().get() as string;
  return { app, session, shirtId: shirt.id, cheeseId: cheese.id, storeId };
}

describe('stock operations', () => {
  it('receives, adjusts and counts, recording each as a movement of the device store', async () => {
    const { app, session, shirtId, storeId } = await withStockables();
    const received = expectOk(
      app.dispatch('stock.receive', { sku: 'CAM-001-AZ-M', qty: 10, reason: 'NF 1234' }, session),
    );
    expect(received).toMatchObject({
      variant_id: shirtId,
      sku: 'CAM-001-AZ-M',
      qty_milli: 10_000,
      stock_milli: 10_000,
    });
    expect(
      expectOk(app.dispatch('stock.adjust', { variant_id: shirtId, qty: -2, reason: 'Avaria no provador' }, session)),
    ).toMatchObject({ qty_milli: -2000, stock_milli: 8000 });
    expect(expectOk(app.dispatch('stock.count', { sku: 'CAM-001-AZ-M', counted_qty: 5 }, session))).toMatchObject({
      qty_milli: -3000,
      stock_milli: 5000,
    });
    expect(expectOk(app.dispatch('stock.count', { sku: 'CAM-001-AZ-M', counted_qty: 5 }, session)).qty_milli).toBe(0);

    const rows = app.db.raw
      .prepare('SELECT store_id, kind, qty_milli, reason FROM stock_movements ORDER BY rowid')
      .all();
    expect(rows).toEqual([
      { store_id: storeId, kind: 'receiving', qty_milli: 10_000, reason: 'NF 1234' },
      { store_id: storeId, kind: 'adjustment', qty_milli: -2000, reason: 'Avaria no provador' },
      { store_id: storeId, kind: 'count', qty_milli: -3000, reason: null },
      { store_id: storeId, kind: 'count', qty_milli: 0, reason: null },
    ]);
    const outbox = app.db.raw
      .prepare("SELECT count(*) FROM sync_outbox WHERE table_name = 'stock_movements' AND kind = 'insert'")
      .pluck()
      .get();
    expect(outbox).toBe(4);
  });

  it('reports the current stock with the latest movements first', async () => {
    const { app, session, shirtId } = await withStockables();
    expectOk(app.dispatch('stock.receive', { sku: 'CAM-001-AZ-M', qty: 3 }, session));
    expectOk(app.dispatch('stock.adjust', { sku: 'CAM-001-AZ-M', qty: 1, reason: 'Achado no depósito' }, session));
    const stock = expectOk(app.dispatch('stock.get', { sku: 'CAM-001-AZ-M' }, sessionAs('cashier')));
    expect(stock).toMatchObject({
      variant_id: shirtId,
      sku: 'CAM-001-AZ-M',
      name: 'Camisa Polo Algodão',
      stock_milli: 4000,
    });
    expect(stock.movements.map((m) => [m.kind, m.qty_milli])).toEqual([
      ['adjustment', 1000],
      ['receiving', 3000],
    ]);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: shirtId }, session)).stock_milli).toBe(4000);
  });

  it('takes fractional quantities, to the gram, for goods sold by weight', async () => {
    const { app, session } = await withStockables();
    expect(expectOk(app.dispatch('stock.receive', { sku: 'QUEIJO-KG', qty: 2.345 }, session)).stock_milli).toBe(2345);
    expect(expectOk(app.dispatch('stock.count', { sku: 'QUEIJO-KG', counted_qty: 2.1 }, session)).qty_milli).toBe(-245);
  });

  it.each([
    ['stock.receive', { sku: 'NOPE-9', qty: 1 }, 'unknown_sku', 'SKU não encontrado: NOPE-9.'],
    [
      'stock.adjust',
      { variant_id: 'nope', qty: 1, reason: 'teste' },
      'unknown_variant',
      'Produto não encontrado: nope.',
    ],
    ['stock.get', { sku: 'NOPE-9' }, 'unknown_sku', 'SKU não encontrado: NOPE-9.'],
    ['stock.receive', { sku: 'SRV-1', qty: 1 }, 'not_stockable', 'SRV-1 é um serviço e não tem estoque.'],
    [
      'stock.receive',
      { sku: 'CAM-001-AZ-M', qty: 1.5 },
      'fractional_quantity',
      'CAM-001-AZ-M não é vendido por peso: use quantidades inteiras.',
    ],
  ])('%s refuses %o with %s and changes nothing', async (op, input, code, message) => {
    const { app, session } = await withStockables();
    expectRefusal(app, session, op, input, { code, message });
  });

  it.each([
    ['stock.receive', { sku: 'CAM-001-AZ-M', qty: 0 }, 'qty', 'A quantidade deve ser maior que zero.'],
    ['stock.receive', { sku: 'CAM-001-AZ-M', qty: -1 }, 'qty', 'A quantidade deve ser maior que zero.'],
    ['stock.receive', { sku: 'QUEIJO-KG', qty: 1.2345 }, 'qty', 'Use no máximo três casas decimais na quantidade.'],
    ['stock.receive', { qty: 1 }, 'sku', 'Informe o SKU ou o id da variante (apenas um dos dois).'],
    [
      'stock.receive',
      { sku: 'CAM-001-AZ-M', variant_id: 'x', qty: 1 },
      'sku',
      'Informe o SKU ou o id da variante (apenas um dos dois).',
    ],
    ['stock.adjust', { sku: 'CAM-001-AZ-M', qty: -1 }, 'reason', /.+/],
    ['stock.adjust', { sku: 'CAM-001-AZ-M', qty: -1, reason: ' ' }, 'reason', 'Informe o motivo do ajuste.'],
    ['stock.adjust', { sku: 'CAM-001-AZ-M', qty: 0, reason: 'zero' }, 'qty', 'O ajuste não pode ser zero.'],
    ['stock.count', { sku: 'CAM-001-AZ-M', counted_qty: -1 }, 'counted_qty', 'A contagem não pode ser negativa.'],
  ])('%s refuses %o as invalid input and changes nothing', async (op, input, path, message) => {
    const { app, session } = await withStockables();
    const error = expectRefusal(app, session, op, input, {
      code: 'invalid_input',
      message: new RegExp(`^Dados inválidos \\(${path}: `),
    });
    const issue = (error.details?.issues as { path: string; message: string }[])[0];
    expect(issue?.path).toBe(path);
    if (typeof message === 'string') expect(issue?.message).toBe(message);
  });

  it('needs stock.manage to move stock', async () => {
    const { app } = await withStockables();
    expectRefusal(
      app,
      sessionAs('cashier'),
      'stock.receive',
      { sku: 'CAM-001-AZ-M', qty: 1 },
      {
        code: 'forbidden',
        message: 'Seu perfil não tem permissão para esta ação.',
      },
    );
    expect(app.dispatch('stock.receive', { sku: 'CAM-001-AZ-M', qty: 1 }, sessionAs('manager')).ok).toBe(true);
  });
});
