import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { putSetting } from '../settings/settings.queries';
import { clockedStore } from './auth.fixtures';
import { SESSION_IDLE_KEY } from './session';

describe('sessions end when their user changes', () => {
  it('a deactivated manager loses every session at once; the owner goes on', async () => {
    const { app, owner, signIn, addUser } = await clockedStore();
    const id = addUser('gerente', 'manager', '5678');
    const window = signIn('gerente', '5678');
    const browser = signIn('gerente', '5678');
    expectOk(app.dispatch('users.list', {}, owner));
    expectOk(app.dispatch('sales.query', {}, window));
    expectOk(app.dispatch('users.update', { id, active: false }, owner));
    for (const session of [window, browser]) {
      expect(app.dispatch('sales.query', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(app.dispatch('auth.me', {}, session)).toEqual({ ok: true, value: null });
      expect(session.userId).toBeNull();
    }
    expectOk(app.dispatch('users.list', {}, owner));
  });

  it('a receptionist changed to professional can no longer sell, and must sign in again', async () => {
    const { app, owner, signIn, addUser } = await clockedStore();
    const id = addUser('recep', 'receptionist', '2222');
    const session = signIn('recep', '2222');
    expectOk(app.dispatch('sales.query', {}, session));
    expectOk(app.dispatch('users.update', { id, role: 'professional' }, owner));
    expect(app.dispatch('sales.query', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const again = signIn('recep', '2222');
    expect(again.role).toBe('professional');
    expect(app.dispatch('sales.query', {}, again)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("a PIN reset ends the user's sessions; a rename does not; resetting one's own PIN keeps one's session", async () => {
    const { app, owner, signIn, addUser } = await clockedStore();
    const id = addUser('caixa', 'cashier', '1111');
    const session = signIn('caixa', '1111');
    expectOk(app.dispatch('users.update', { id, name: 'Caixa Novo' }, owner));
    expectOk(app.dispatch('sales.query', {}, session));
    expectOk(app.dispatch('users.update', { id, pin: '3333' }, owner));
    expect(app.dispatch('sales.query', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const ownerElsewhere = signIn('ana', '1234');
    expectOk(app.dispatch('users.update', { id: owner.userId, pin: '9876' }, owner));
    expectOk(app.dispatch('users.list', {}, owner));
    expect(app.dispatch('users.list', {}, ownerElsewhere)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });
});

describe('idle expiry', () => {
  it('ends a session idle for more than 12 hours by default; activity restarts the clock', async () => {
    const { app, clock, owner } = await clockedStore();
    clock.advance({ minutes: 11 * 60 });
    expectOk(app.dispatch('store.get', {}, owner));
    clock.advance({ minutes: 12 * 60 });
    expectOk(app.dispatch('store.get', {}, owner));
    clock.advance({ minutes: 12 * 60, seconds: 1 });
    expect(app.dispatch('store.get', {}, owner)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('follows the auth.session_idle_minutes setting', async () => {
    const { app, clock, owner } = await clockedStore();
    app.db.transaction(() => putSetting(app.db, SESSION_IDLE_KEY, 30, clock.now().toISOString()));
    clock.advance({ minutes: 30 });
    expectOk(app.dispatch('store.get', {}, owner));
    clock.advance({ minutes: 30, seconds: 1 });
    expect(app.dispatch('store.get', {}, owner)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
