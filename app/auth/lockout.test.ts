import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { AppError } from '../contract/errors';
import { expectOk, openTestApp, OWNER } from '../../test/helpers';
import { putSetting } from '../settings/settings.queries';
import { requireApproval } from './approval';
import { clockedStore } from './auth.fixtures';
import { LOCKOUT_KEY } from './throttle';

type Store = Awaited<ReturnType<typeof clockedStore>>;

function login(store: Store, login: string, pin: string) {
  return store.app.dispatch('auth.login', { login, pin }, newSession());
}

function wrongTimes(store: Store, loginName: string, n: number) {
  for (let i = 0; i < n; i++) {
    expect(login(store, loginName, '0000')).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
  }
}

describe('login lockout', () => {
  it('locks after 5 wrong PINs: even the right PIN is refused for 1 minute, then accepted', async () => {
    const store = await clockedStore();
    wrongTimes(store, 'ana', 5);
    expect(login(store, 'ana', '1234')).toMatchObject({
      ok: false,
      error: { code: 'login_locked', details: { retry_after_seconds: 60 } },
    });
    store.clock.advance({ seconds: 59 });
    expect(login(store, 'ANA', '1234')).toMatchObject({
      ok: false,
      error: { code: 'login_locked', details: { retry_after_seconds: 1 } },
    });
    store.clock.advance({ seconds: 1 });
    expectOk(login(store, 'ana', '1234'));
  });

  it('backs off 1, 5, 15 and again 15 minutes for each failure after a lock; success starts afresh', async () => {
    const store = await clockedStore();
    wrongTimes(store, 'ana', 5);
    for (const minutes of [5, 15, 15]) {
      store.clock.advance({ minutes: 60 });
      wrongTimes(store, 'ana', 1);
      expect(login(store, 'ana', '1234')).toMatchObject({
        error: { code: 'login_locked', details: { retry_after_seconds: minutes * 60 } },
      });
    }
    store.clock.advance({ minutes: 15 });
    expectOk(login(store, 'ana', '1234'));
    wrongTimes(store, 'ana', 4);
    expectOk(login(store, 'ana', '1234'));
  });

  it('locks unknown logins the same way, and follows the auth.lockout setting', async () => {
    const store = await clockedStore();
    const now = store.clock.now().toISOString();
    store.app.db.transaction(() => putSetting(store.app.db, LOCKOUT_KEY, { tries: 3, backoff_minutes: [2] }, now));
    wrongTimes(store, 'ninguem', 3);
    expect(login(store, 'ninguem', '1234')).toMatchObject({
      error: { code: 'login_locked', details: { retry_after_seconds: 120 } },
    });
    wrongTimes(store, 'ana', 3);
    expect(login(store, 'ana', '1234')).toMatchObject({ error: { code: 'login_locked' } });
  });

  it("counts a manager's PIN guessed in an approval field: locked there and at sign-in", async () => {
    const store = await clockedStore();
    const managerId = store.addUser('gerente', 'manager', '5678');
    store.addUser('caixa', 'cashier', '1111');
    const cashier = store.signIn('caixa', '1111');
    const ctx = { db: store.app.db, session: cashier, clock: store.clock };
    const attempt = (pin: string) => {
      try {
        return requireApproval(ctx, { login: 'gerente', pin }, 'sales.discount', 'a discount');
      } catch (error) {
        if (error instanceof AppError) return error.code;
        throw error;
      }
    };
    for (let i = 0; i < 5; i++) expect(attempt(String(1000 + i))).toBe('approval_invalid');
    expect(attempt('5678')).toBe('login_locked');
    expect(login(store, 'gerente', '5678')).toMatchObject({ error: { code: 'login_locked' } });
    store.clock.advance({ minutes: 1 });
    expect(attempt('5678')).toBe(managerId);
  });
});

describe('passwords for owners and managers', () => {
  it('the first-run setup may give the owner a password, used instead of the PIN', async () => {
    const app = await openTestApp();
    const owner = { ...OWNER, password: 'uma senha longa' };
    expectOk(app.dispatch('store.setup', { store: { name: 'Loja' }, owner }, newSession()));
    expectOk(app.dispatch('auth.login', { login: OWNER.login, pin: 'uma senha longa' }, newSession()));
    expect(app.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, newSession())).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
  });

  it('an owner signs in with a password of 8+ characters instead of the PIN', async () => {
    const store = await clockedStore();
    const { app, owner } = store;
    const id = owner.userId ?? '';
    expect(app.dispatch('users.update', { id, password: 'curta' }, owner)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expectOk(app.dispatch('users.update', { id, password: 'cavalo correto bateria' }, owner));
    expectOk(login(store, 'ana', 'cavalo correto bateria'));
    expect(login(store, 'ana', '1234')).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expectOk(app.dispatch('users.update', { id, password: null }, owner));
    expectOk(login(store, 'ana', '1234'));
  });

  it('refuses a password for a cashier, and drops a manager’s password when demoted', async () => {
    const store = await clockedStore();
    const { app, owner } = store;
    expect(
      app.dispatch(
        'users.create',
        { name: 'Caixa', login: 'cx', role: 'cashier', pin: '1111', password: 'senhaforte' },
        owner,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const id = expectOk(
      app.dispatch(
        'users.create',
        { name: 'Gê', login: 'ge', role: 'manager', pin: '2222', password: 'senhaforte' },
        owner,
      ),
    ).id;
    expectOk(login(store, 'ge', 'senhaforte'));
    expectOk(app.dispatch('users.update', { id, role: 'cashier' }, owner));
    expectOk(login(store, 'ge', '2222'));
  });
});
