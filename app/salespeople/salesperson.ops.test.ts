import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { expectRefusal, lastOutboxSeq, outboxSince, sessionAs } from '../catalog/catalog.fixtures';

const MARIA = {
  external_id: 'VEND123',
  name: 'Maria Oliveira Santos',
  location_external_id: 'LJ01',
  commission_rate: 3.5,
  monthly_target: 5_000_000,
};

describe('salespeople.upsert', () => {
  it('creates a salesperson at a location with the rate in basis points', async () => {
    const { app, session } = await openSetUpApp();
    const { id, created } = expectOk(app.dispatch('salespeople.upsert', MARIA, session));
    expect(created).toBe(true);
    const row = app.db.raw.prepare('SELECT * FROM salespeople WHERE id = ?').get(id);
    expect(row).toMatchObject({ external_id: 'VEND123', commission_rate_bp: 350, monthly_target_cents: 5_000_000 });
    const listed = {
      id,
      external_id: 'VEND123',
      name: 'Maria Oliveira Santos',
      location_external_id: 'LJ01',
      commission_rate: 3.5,
      commission_rate_bp: 350,
      monthly_target_cents: 5_000_000,
      active: true,
    };
    expect(expectOk(app.dispatch('salespeople.list', {}, session))).toEqual([listed]);
    // Commission rates are for catalog.manage (ARCHITECTURE.md "Who sees what"): a cashier gets null.
    expect(expectOk(app.dispatch('salespeople.list', {}, sessionAs('cashier')))).toEqual([
      { ...listed, commission_rate: null, commission_rate_bp: null },
    ]);
  });

  it('moves a salesperson to another location and changes the rate, sending only those columns', async () => {
    const { app, session } = await openSetUpApp();
    const { id: storeId } = expectOk(
      app.dispatch(
        'locations.upsert',
        { external_id: 'LJ005', name: 'Loja 5', timezone: 'America/Fortaleza' },
        session,
      ),
    );
    const { id } = expectOk(app.dispatch('salespeople.upsert', MARIA, session));
    const seq = lastOutboxSeq(app);
    const input = { ...MARIA, location_external_id: 'LJ005', commission_rate: 0.07, monthly_target: undefined };
    expect(expectOk(app.dispatch('salespeople.upsert', input, session))).toEqual({ id, created: false });
    const entries = outboxSince(app, seq);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.payload).toEqual({ store_id: storeId, commission_rate_bp: 7, updated_at: expect.any(String) });
  });

  it('refuses an unknown location, naming it, and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'salespeople.upsert',
      { ...MARIA, location_external_id: 'LJ009' },
      {
        code: 'unknown_location',
        message: 'Loja não encontrada: LJ009.',
      },
    );
    expect(error.details).toEqual({ location_external_id: 'LJ009' });
  });

  it.each([
    [{ commission_rate: 3.555 }, 'commission_rate', 'Use no máximo duas casas decimais no percentual (ex.: 3,55).'],
    [{ commission_rate: 101 }, 'commission_rate', 'O percentual deve estar entre 0 e 100.'],
    [{ monthly_target: -1 }, 'monthly_target', 'A meta não pode ser negativa.'],
    [{ name: 'M' }, 'name', 'Informe o nome do vendedor.'],
  ])('refuses %o and changes nothing', async (change, path, message) => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'salespeople.upsert',
      { ...MARIA, ...change },
      {
        code: 'invalid_input',
        message: `Dados inválidos (${path}: ${message}).`,
      },
    );
  });

  it('is for the owner only', async () => {
    const { app } = await openSetUpApp();
    expectRefusal(app, sessionAs('manager'), 'salespeople.upsert', MARIA, {
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
  });
});
