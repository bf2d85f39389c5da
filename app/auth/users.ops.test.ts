import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';

describe('users', () => {
  it('the owner creates a cashier who can then sign in, but not manage users', async () => {
    const { app, session } = await openSetUpApp();
    const created = expectOk(
      app.dispatch('users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' }, session),
    );
    expect(created).toMatchObject({ login: 'bruno', role: 'cashier', active: true });
    expect(JSON.stringify(expectOk(app.dispatch('users.list', {}, session)))).not.toContain('pin_hash');
    const cashier = newSession();
    expectOk(app.dispatch('auth.login', { login: 'bruno', pin: '4321' }, cashier));
    expect(app.dispatch('users.list', {}, cashier)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('resets a PIN and deactivates a user, who can no longer sign in', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = expectOk(
      app.dispatch('users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' }, session),
    );
    expectOk(app.dispatch('users.update', { id, pin: '9999' }, session));
    expect(app.dispatch('auth.login', { login: 'bruno', pin: '4321' }, newSession()).ok).toBe(false);
    expectOk(app.dispatch('auth.login', { login: 'bruno', pin: '9999' }, newSession()));
    expect(expectOk(app.dispatch('users.update', { id, active: false }, session)).active).toBe(false);
    expect(app.dispatch('auth.login', { login: 'bruno', pin: '9999' }, newSession()).ok).toBe(false);
  });

  it('refuses a taken login, a short PIN and removing the last owner, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    expect(
      app.dispatch('users.create', { name: 'Outra Ana', login: 'ANA', role: 'cashier', pin: '4321' }, session),
    ).toMatchObject({ ok: false, error: { code: 'login_taken', message: 'Este usuário já existe.' } });
    expect(
      app.dispatch('users.create', { name: 'Bia', login: 'bia', role: 'cashier', pin: '12' }, session),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        details: { issues: [{ path: 'pin', message: 'O PIN deve ter de 4 a 8 dígitos.' }] },
      },
    });
    const owner = expectOk(app.dispatch('users.list', {}, session))[0];
    expect(app.dispatch('users.update', { id: owner?.id ?? '', role: 'manager' }, session)).toMatchObject({
      ok: false,
      error: { code: 'last_owner', message: 'A loja precisa de ao menos um dono ativo.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
