import { describe, expect, it } from 'vitest';
import { decodePixPayload } from '../br/pix';
import { expectOk, openSetUpApp, openTestApp, OWNER } from '../../test/helpers';
import { newSession } from '../contract/context';
import { expectRefusal } from '../catalog/catalog.fixtures';

const AMBIGUOUS =
  'O número 11987654374 é um CPF válido e também um celular. Escolha o tipo da chave PIX: CPF ou celular.';

describe('store PIX keys: phones are never CPFs', () => {
  it('stores a masked phone whose digits pass the CPF check as the phone key +55…, and charges to it', async () => {
    const { app, session } = await openSetUpApp();
    const view = expectOk(app.dispatch('store.update', { pix_key: '11 98765-4374', city: 'São Paulo' }, session));
    expect(view.pix_key).toBe('+5511987654374');
    const charge = expectOk(app.dispatch('pix.charge', { amount_cents: 1000 }, session));
    expect(decodePixPayload(charge.payload).key).toBe('+5511987654374');
  });

  it('accepts a phone with or without +55 and stores it as +55…', async () => {
    const { app, session } = await openSetUpApp();
    for (const typed of ['(11) 98765-4374', '+55 11 98765-4374', '5511987654374', '+5511987654374']) {
      expect(expectOk(app.dispatch('store.update', { pix_key: typed }, session)).pix_key).toBe('+5511987654374');
    }
  });

  it('asks whether a bare number that is both a valid CPF and a mobile is the CPF or the phone', async () => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'store.update',
      { pix_key: '11987654374' },
      { code: 'pix_key_ambiguous', message: AMBIGUOUS },
    );
    expect(error.details).toMatchObject({
      options: [
        { type: 'cpf', key: '11987654374' },
        { type: 'phone', key: '+5511987654374' },
      ],
      issues: [{ path: 'pix_key', message: AMBIGUOUS }],
    });
    const asCpf = app.dispatch('store.update', { pix_key: '11987654374', pix_key_type: 'cpf' }, session);
    expect(expectOk(asCpf).pix_key).toBe('11987654374');
    const asPhone = app.dispatch('store.update', { pix_key: '11987654374', pix_key_type: 'phone' }, session);
    expect(expectOk(asPhone).pix_key).toBe('+5511987654374');
    expect(app.db.raw.prepare('SELECT pix_key FROM stores').pluck().get()).toBe('+5511987654374');
  });

  it('keeps a bare CPF that is no mobile a CPF, and refuses a key that does not fit the chosen type', async () => {
    const { app, session } = await openSetUpApp();
    expect(expectOk(app.dispatch('store.update', { pix_key: '529.982.247-25' }, session)).pix_key).toBe('52998224725');
    expectRefusal(
      app,
      session,
      'store.update',
      { pix_key: '11 98765-4374', pix_key_type: 'cpf' },
      { code: 'invalid_pix_key', message: 'Chave PIX inválida para o tipo escolhido (CPF).' },
    );
    expectRefusal(
      app,
      session,
      'store.update',
      { pix_key: '52998224725', pix_key_type: 'pix' },
      { code: 'invalid_input', message: /Tipo de chave PIX/ },
    );
  });

  it('the first-run setup and locations.upsert read keys the same way', async () => {
    const app = await openTestApp();
    const session = newSession();
    expectRefusal(
      app,
      session,
      'store.setup',
      { store: { name: 'Loja', pix_key: '11987654374' }, owner: OWNER },
      { code: 'pix_key_ambiguous', message: AMBIGUOUS },
    );
    const setup = app.dispatch(
      'store.setup',
      { store: { name: 'Loja', pix_key: '11987654374', pix_key_type: 'phone' }, owner: OWNER },
      session,
    );
    expect(expectOk(setup).store.pix_key).toBe('+5511987654374');
    const location = { external_id: 'LJ005', name: 'Loja Aldeota', timezone: 'America/Fortaleza' };
    expectOk(app.dispatch('locations.upsert', { ...location, pix_key: '85 99876-5432' }, session));
    expect(app.db.raw.prepare("SELECT pix_key FROM stores WHERE code = 'LJ005'").pluck().get()).toBe('+5585998765432');
  });
});
