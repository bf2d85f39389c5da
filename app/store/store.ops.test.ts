import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { dumpContent, expectOk, openSetUpApp, openTestApp, OWNER } from '../../test/helpers';

describe('store operations', () => {
  it('first run: status says not set up, setup creates store, register and owner and signs in', async () => {
    const app = await openTestApp();
    const session = newSession();
    expect(expectOk(app.dispatch('app.status', {}, session))).toEqual({
      setupDone: false,
      storeName: null,
      user: null,
      register: null,
    });
    const setup = expectOk(
      app.dispatch(
        'store.setup',
        { store: { name: 'Sapataria Boa Vista', cnpj: '11.222.333/0001-81' }, owner: OWNER },
        session,
      ),
    );
    expect(setup).toMatchObject({
      store: {
        name: 'Sapataria Boa Vista',
        code: 'LJ01',
        cnpj: '11222333000181',
        timezone: 'America/Sao_Paulo',
        registers: [{ code: 'CX1', name: 'Caixa 1' }],
      },
      owner: { name: OWNER.name, login: 'ana', role: 'owner' },
    });
    expect(session).toMatchObject({ role: 'owner', userId: setup.owner.id });
    expect(expectOk(app.dispatch('app.status', {}, session))).toMatchObject({
      setupDone: true,
      storeName: 'Sapataria Boa Vista',
      user: { login: 'ana' },
    });
  });

  it('refuses a second setup and changes nothing', async () => {
    const { app } = await openSetUpApp();
    const before = dumpContent(app.db);
    const result = app.dispatch(
      'store.setup',
      { store: { name: 'Outra' }, owner: { name: 'Zé', login: 'ze', pin: '9999' } },
      newSession(),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'already_setup' } });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('rejects an invalid CNPJ and a short PIN with field paths', async () => {
    const app = await openTestApp();
    const result = app.dispatch(
      'store.setup',
      { store: { name: 'Loja', cnpj: '11.222.333/0001-80' }, owner: { ...OWNER, pin: '12' } },
      newSession(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issues = result.error.details?.issues as { path: string; message: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'store.cnpj', message: 'CNPJ inválido.' },
        { path: 'owner.pin', message: 'O PIN deve ter de 4 a 8 dígitos.' },
      ]),
    );
  });

  it('logs in with the PIN, refuses a wrong one, and logs out', async () => {
    const { app } = await openSetUpApp();
    const session = newSession();
    expect(app.dispatch('store.get', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(app.dispatch('auth.login', { login: 'ana', pin: '0000' }, session)).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials', message: 'Usuário ou PIN incorretos.' },
    });
    expectOk(app.dispatch('auth.login', { login: 'ANA', pin: OWNER.pin }, session));
    expect(expectOk(app.dispatch('store.get', {}, session)).name).toBe('Loja Centro');
    expectOk(app.dispatch('auth.logout', {}, session));
    expect(app.dispatch('store.get', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('updates the store data', async () => {
    const { app, session } = await openSetUpApp();
    const updated = expectOk(
      app.dispatch('store.update', { address: 'Rua XV, 100', timezone: 'America/Manaus' }, session),
    );
    expect(updated).toMatchObject({ address: 'Rua XV, 100', timezone: 'America/Manaus', name: 'Loja Centro' });
  });
});
