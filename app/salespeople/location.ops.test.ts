import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { expectRefusal, lastOutboxSeq, outboxSince, sessionAs } from '../catalog/catalog.fixtures';
import { canonicalPixKey } from '../store/location.service';

const LJ005 = {
  external_id: 'lj005',
  name: 'Loja Aldeota',
  timezone: 'America/Fortaleza',
  cnpj: '11.222.333/0001-81',
  pix_key: 'financeiro@boavista.com.br',
  address: 'Av. Santos Dumont, 1000',
};

function storeRow(app: Awaited<ReturnType<typeof openSetUpApp>>['app'], code: string) {
  return app.db.raw.prepare('SELECT * FROM stores WHERE code = ?').get(code) as Record<string, unknown>;
}

describe('locations.upsert', () => {
  it('creates a store by code with normalized CNPJ and PIX key', async () => {
    const { app, session } = await openSetUpApp();
    const { id, created } = expectOk(
      app.dispatch(
        'locations.upsert',
        { ...LJ005, cnpj: '12.ABC.345/01DE-35', pix_key: '+55 (85) 99876-5432' },
        session,
      ),
    );
    expect(created).toBe(true);
    expect(storeRow(app, 'LJ005')).toMatchObject({
      id,
      name: 'Loja Aldeota',
      timezone: 'America/Fortaleza',
      cnpj: '12ABC34501DE35',
      pix_key: '+5585998765432',
      address: 'Av. Santos Dumont, 1000',
    });
  });

  it('updates only what changed', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = expectOk(app.dispatch('locations.upsert', LJ005, session));
    const seq = lastOutboxSeq(app);
    expect(expectOk(app.dispatch('locations.upsert', { ...LJ005, name: 'Loja Aldeota II' }, session))).toEqual({
      id,
      created: false,
    });
    const entries = outboxSince(app, seq);
    expect(entries).toEqual([
      expect.objectContaining({
        table_name: 'stores',
        row_id: id,
        kind: 'update',
        payload: { name: 'Loja Aldeota II', updated_at: expect.any(String) },
      }),
    ]);
  });

  it('refuses a PIX key of no known type and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'locations.upsert',
      { ...LJ005, pix_key: '(85) 3456-7890' },
      {
        code: 'invalid_pix_key',
        message: 'Chave PIX inválida: use CPF, CNPJ, e-mail, celular (com ou sem +55) ou chave aleatória.',
      },
    );
  });

  it.each([
    ['an invalid CNPJ', { cnpj: '11.222.333/0001-80' }, 'cnpj', 'CNPJ inválido.'],
    [
      'an unknown time zone',
      { timezone: 'Brasil/Fortaleza' },
      'timezone',
      'Fuso horário inválido (use um nome IANA, ex.: America/Sao_Paulo).',
    ],
    ['a code with spaces', { external_id: 'LJ 5' }, 'external_id', 'Use de 2 a 12 letras ou números, sem espaços.'],
  ])('refuses %s and changes nothing', async (_label, change, path, message) => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'locations.upsert',
      { ...LJ005, ...change },
      {
        code: 'invalid_input',
        message: `Dados inválidos (${path}: ${message}).`,
      },
    );
  });

  it('is for the owner only', async () => {
    const { app } = await openSetUpApp();
    expectRefusal(app, sessionAs('manager'), 'locations.upsert', LJ005, {
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
  });
});

describe('canonicalPixKey', () => {
  it('brings every key type to its DICT form and rejects the rest', () => {
    expect(canonicalPixKey('529.982.247-25')).toBe('52998224725');
    expect(canonicalPixKey('11.222.333/0001-81')).toBe('11222333000181');
    expect(canonicalPixKey('+55 11 98765-4321')).toBe('+5511987654321');
    expect(canonicalPixKey('loja@exemplo.com.br')).toBe('loja@exemplo.com.br');
    expect(canonicalPixKey('123e4567-e89b-12d3-a456-426614174000')).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(canonicalPixKey('529.982.247-24')).toBeNull();
    expect(canonicalPixKey('+1 415 555 0100')).toBeNull();
    expect(canonicalPixKey('chave qualquer')).toBeNull();
  });
});

describe('locations.list', () => {
  it('lists every store by code, for any signed-in user', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('locations.upsert', LJ005, session));
    expect(expectOk(app.dispatch('locations.list', {}, session)).map((l) => [l.code, l.timezone])).toEqual([
      ['LJ005', 'America/Fortaleza'],
      ['LJ01', 'America/Sao_Paulo'],
    ]);
  });
});
