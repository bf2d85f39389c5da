import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, lastOutboxSeq, outboxSince, sessionAs } from './catalog.fixtures';
import { resolveCommissionRateBp } from './commission.queries';

async function withCatalog() {
  const { app, session } = await openSetUpApp();
  const variant = addProduct(app, session);
  expectOk(
    app.dispatch(
      'salespeople.upsert',
      { external_id: 'VEND123', name: 'Maria Oliveira', location_external_id: 'LJ01', commission_rate: 2 },
      session,
    ),
  );
  const productId = app.db.raw.prepare("SELECT id FROM products WHERE external_id = 'CAM-001'").pluck().get() as string;
  const salespersonId = app.db.raw
    .prepare("SELECT id FROM salespeople WHERE external_id = 'VEND123'")
    .pluck()
    .get() as string;
  return { app, session, variantId: variant.id, productId, salespersonId };
}

describe('commissionRules.set', () => {
  it('stores percentages as basis points against the internal ids the resolver matches', async () => {
    const { app, session, variantId, productId, salespersonId } = await withCatalog();
    const rate = () =>
      resolveCommissionRateBp(app.db, { variantId, productId, category: 'Camisas', salespersonId, defaultBp: 200 });
    expect(rate()).toBe(200);
    const set = (scope: string, target: string, r: number) =>
      expectOk(app.dispatch('commissionRules.set', { scope, target_external_id: target, rate: r }, session));
    expect(set('salesperson', 'VEND123', 2.5).created).toBe(true);
    expect(rate()).toBe(250);
    set('category', 'Camisas', 3);
    expect(rate()).toBe(300);
    set('product', 'CAM-001', 3.25);
    expect(rate()).toBe(325);
    set('variant', 'CAM-001-AZ-M', 3.5);
    expect(rate()).toBe(350);

    expect(expectOk(app.dispatch('commissionRules.list', {}, session))).toEqual([
      expect.objectContaining({ scope: 'category', target_external_id: 'Camisas', rate: 3, rate_bp: 300 }),
      expect.objectContaining({ scope: 'product', target_external_id: 'CAM-001', target_name: 'Camisa Polo Algodão' }),
      expect.objectContaining({ scope: 'salesperson', target_external_id: 'VEND123', target_name: 'Maria Oliveira' }),
      expect.objectContaining({ scope: 'variant', target_external_id: 'CAM-001-AZ-M', rate: 3.5, active: true }),
    ]);
  });

  it('updates an existing rule column by column and can switch it off', async () => {
    const { app, session } = await withCatalog();
    const first = expectOk(
      app.dispatch('commissionRules.set', { scope: 'category', target_external_id: 'Camisas', rate: 3 }, session),
    );
    const seq = lastOutboxSeq(app);
    const again = expectOk(
      app.dispatch(
        'commissionRules.set',
        { scope: 'category', target_external_id: 'Camisas', rate: 4.75, active: false },
        session,
      ),
    );
    expect(again).toEqual({ id: first.id, created: false });
    const [entry, ...rest] = outboxSince(app, seq);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ table_name: 'commission_rules', kind: 'update' });
    expect(entry?.payload).toEqual({ rate_bp: 475, active: 0, updated_at: expect.any(String) });
  });

  it.each([
    ['variant', 'NOPE-1', 'unknown_sku', 'SKU não encontrado: NOPE-1.'],
    ['product', 'NOPE', 'unknown_product', 'Produto não encontrado: NOPE.'],
    ['category', 'Chapéus', 'unknown_category', 'Categoria não encontrada: Chapéus.'],
    ['salesperson', 'VEND999', 'unknown_salesperson', 'Vendedor não encontrado: VEND999.'],
  ])('refuses an unknown %s target, naming it, and changes nothing', async (scope, target, code, message) => {
    const { app, session } = await withCatalog();
    expectRefusal(
      app,
      session,
      'commissionRules.set',
      { scope, target_external_id: target, rate: 3 },
      { code, message },
    );
  });

  it.each([
    [3.555, 'Use no máximo duas casas decimais no percentual (ex.: 3,55).'],
    [100.5, 'O percentual deve estar entre 0 e 100.'],
    [-1, 'O percentual deve estar entre 0 e 100.'],
  ])('refuses the rate %s and changes nothing', async (rate, message) => {
    const { app, session } = await withCatalog();
    expectRefusal(
      app,
      session,
      'commissionRules.set',
      { scope: 'category', target_external_id: 'Camisas', rate },
      { code: 'invalid_input', message: `Dados inválidos (rate: ${message}).` },
    );
  });

  it('is for the owner only', async () => {
    const { app } = await withCatalog();
    const input = { scope: 'category', target_external_id: 'Camisas', rate: 3 };
    expectRefusal(app, sessionAs('manager'), 'commissionRules.set', input, {
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
    expect(app.dispatch('commissionRules.list', {}, sessionAs('cashier'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
