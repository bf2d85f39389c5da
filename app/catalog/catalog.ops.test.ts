import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, lastOutboxSeq, outboxSince, sessionAs, SHIRT } from './catalog.fixtures';

describe('catalog.upsertProduct', () => {
  it('creates the product, the variant and its barcodes, each with an outbox insert', async () => {
    const { app, session } = await openSetUpApp();
    const seq = lastOutboxSeq(app);
    const { id, created } = addProduct(app, session);
    expect(created).toBe(true);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, session))).toEqual({
      variant_id: id,
      sku: 'CAM-001-AZ-M',
      product_id: expect.any(String),
      product_external_id: 'CAM-001',
      name: 'Camisa Polo Algodão',
      category: 'Camisas',
      brand: 'Boa Vista',
      kind: 'goods',
      duration_minutes: null,
      size: 'M',
      color: 'Azul',
      price_cents: 8990,
      cost_cents: 4200,
      sold_by_weight: false,
      active: true,
      barcodes: ['7891234567895'],
      stock_milli: 0,
    });
    expect(outboxSince(app, seq).map((e) => [e.table_name, e.kind])).toEqual([
      ['products', 'insert'],
      ['variants', 'insert'],
      ['barcodes', 'insert'],
    ]);
  });

  it('groups variants under one product by product_external_id, defaulting to the SKU', async () => {
    const { app, session } = await openSetUpApp();
    const m = addProduct(app, session);
    const g = addProduct(app, session, { external_id: 'CAM-001-AZ-G', size: 'G', barcodes: [] });
    const alone = addProduct(app, session, { external_id: 'BON-1', product_external_id: undefined, barcodes: [] });
    const view = (id: string) => expectOk(app.dispatch('catalog.get', { variant_id: id }, session));
    expect(view(g.id).product_id).toBe(view(m.id).product_id);
    expect(view(alone.id).product_external_id).toBe('BON-1');
    expect(app.db.raw.prepare('SELECT count(*) FROM products').pluck().get()).toBe(2);
  });

  it('updates only the columns that changed and sends only those', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    const seq = lastOutboxSeq(app);
    expect(addProduct(app, session, { unit_price: 7990 })).toEqual({ id, created: false });
    const entries = outboxSince(app, seq);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ table_name: 'variants', row_id: id, kind: 'update' });
    expect(Object.keys(entries[0]?.payload ?? {}).sort()).toEqual(['price_cents', 'updated_at']);
    expect(entries[0]?.payload.price_cents).toBe(7990);
  });

  it('writes nothing when the line repeats what is stored', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    const seq = lastOutboxSeq(app);
    addProduct(app, session);
    expect(outboxSince(app, seq)).toEqual([]);
  });

  it('keeps omitted optional fields, clears them with null, and adds new barcodes', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    addProduct(app, session, {
      unit_cost: undefined,
      brand: undefined,
      size: null,
      color: '',
      barcodes: ['7891234567895', '96385074'],
      active: false,
    });
    const view = expectOk(app.dispatch('catalog.get', { variant_id: id }, session));
    expect(view).toMatchObject({
      cost_cents: 4200,
      brand: 'Boa Vista',
      size: null,
      color: null,
      active: false,
      barcodes: ['7891234567895', '96385074'],
    });
  });

  it('refuses a barcode that belongs to another variant, naming it, and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    const error = expectRefusal(
      app,
      session,
      'catalog.upsertProduct',
      { ...SHIRT, external_id: 'CAM-001-AZ-G', size: 'G' },
      {
        code: 'barcode_taken',
        message: 'O código de barras 7891234567895 já pertence a outro produto (SKU CAM-001-AZ-M).',
      },
    );
    expect(error.details).toEqual({ code: '7891234567895', sku: 'CAM-001-AZ-M' });
  });

  it.each([
    ['a negative price', { unit_price: -100 }, 'unit_price', 'O valor deve ser maior que zero.'],
    ['a zero price', { unit_price: 0 }, 'unit_price', 'O valor deve ser maior que zero.'],
    ['a price in reais', { unit_price: 89.9 }, 'unit_price', 'Valor em centavos deve ser inteiro.'],
    ['a negative cost', { unit_cost: -1 }, 'unit_cost', 'O custo não pode ser negativo.'],
    ['an empty SKU', { external_id: '  ' }, 'external_id', 'Informe o SKU.'],
    [
      'an unknown kind',
      { kind: 'gift' },
      'kind',
      "Tipo deve ser 'goods' (mercadoria), 'service' (serviço) ou 'package' (pacote de sessões).",
    ],
    ['a duration on goods', { duration_minutes: 30 }, 'duration_minutes', 'Duração só se aplica a serviços.'],
    [
      'a barcode with spaces',
      { barcodes: ['789 123'] },
      'barcodes.0',
      'Código de barras inválido (até 64 caracteres, sem espaços).',
    ],
  ])('refuses %s with a pt-BR message and changes nothing', async (_label, change, path, message) => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'catalog.upsertProduct',
      { ...SHIRT, ...change },
      {
        code: 'invalid_input',
        message: `Dados inválidos (${path}: ${message}).`,
      },
    );
    expect(error.details?.issues).toEqual([{ path, message }]);
  });

  it('creates services with a duration, which goes away if the product becomes goods', async () => {
    const { app, session } = await openSetUpApp();
    const service = {
      external_id: 'SRV-LIMPEZA',
      product_external_id: 'SRV-LIMPEZA',
      name: 'Limpeza de pele',
      category: 'Estética',
      kind: 'service' as const,
      duration_minutes: 60,
      barcodes: [],
      size: null,
      color: null,
    };
    const { id } = addProduct(app, session, service);
    const view = () => expectOk(app.dispatch('catalog.get', { variant_id: id }, session));
    expect(view()).toMatchObject({ kind: 'service', duration_minutes: 60 });
    addProduct(app, session, { ...service, kind: 'goods', duration_minutes: undefined, sold_by_weight: true });
    expect(view()).toMatchObject({ kind: 'goods', duration_minutes: null, sold_by_weight: true });
  });

  it('is for catalog managers only', async () => {
    const { app } = await openSetUpApp();
    expectRefusal(app, sessionAs('cashier'), 'catalog.upsertProduct', SHIRT, {
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
    expect(app.dispatch('catalog.upsertProduct', SHIRT, sessionAs('manager')).ok).toBe(true);
  });
});

describe('catalog.get and catalog.lookupBarcode', () => {
  it('finds a variant by barcode', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    const cashier = sessionAs('cashier');
    expect(expectOk(app.dispatch('catalog.lookupBarcode', { code: ' 7891234567895 ' }, cashier))).toMatchObject({
      variant_id: id,
      sku: 'CAM-001-AZ-M',
      price_cents: 8990,
    });
  });

  it('refuses an unknown barcode and an unknown variant, naming them', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    expectRefusal(
      app,
      session,
      'catalog.lookupBarcode',
      { code: '0000000000000' },
      {
        code: 'unknown_barcode',
        message: 'Código de barras não encontrado: 0000000000000',
      },
    );
    expectRefusal(
      app,
      session,
      'catalog.get',
      { variant_id: 'nope' },
      {
        code: 'unknown_variant',
        message: 'Produto não encontrado: nope.',
      },
    );
  });
});

describe('catalog.list', () => {
  it('pages by name, filters by category, activity and text, and counts the total', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session, { external_id: 'CAM-1', product_external_id: 'CAM', name: 'Camisa', barcodes: [] });
    addProduct(app, session, {
      external_id: 'BER-1',
      product_external_id: 'BER',
      name: 'Bermuda',
      category: 'Bermudas',
      barcodes: [],
    });
    addProduct(app, session, {
      external_id: 'CAL-1',
      product_external_id: 'CAL',
      name: 'Calça',
      category: 'Calças',
      barcodes: [],
    });
    addProduct(app, session, {
      external_id: 'CAL-2',
      product_external_id: 'CAL',
      name: 'Calça',
      category: 'Calças',
      barcodes: [],
      active: false,
    });
    const list = (input: object) => expectOk(app.dispatch('catalog.list', input, session));

    const first = list({ limit: 2 });
    expect(first.total).toBe(4);
    expect(first.items.map((i) => i.sku)).toEqual(['BER-1', 'CAL-1']);
    expect(list({ limit: 2, offset: 2 }).items.map((i) => i.sku)).toEqual(['CAL-2', 'CAM-1']);
    expect(list({ category: 'Calças' }).items.map((i) => i.sku)).toEqual(['CAL-1', 'CAL-2']);
    expect(list({ active: false })).toMatchObject({ total: 1, items: [{ sku: 'CAL-2', active: false }] });
    expect(list({ active: true }).total).toBe(3);
    expect(list({ query: 'calca' }).items.map((i) => i.sku)).toEqual(['CAL-1', 'CAL-2']);
    expect(list({ query: 'cal', active: true })).toMatchObject({ total: 1, items: [{ sku: 'CAL-1' }] });
  });

  it('refuses a page larger than 500', async () => {
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
