import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { expectOk, OWNER } from '../../test/helpers';
import { SessionStore } from './sessions';
import { cookieOf, rpc, startBridge } from './web.fixtures';

const body = (res: { text: string }) => JSON.parse(res.text) as unknown;

describe('HTTP bridge sessions', () => {
  it('creates no session (no cookie) for requests that do not sign in', async () => {
    const { port } = await startBridge();
    for (let i = 0; i < 20; i++) {
      const res = await rpc(port, i % 2 ? 'app.status' : 'store.get', {});
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const wrong = await rpc(port, 'auth.login', { login: 'ana', pin: '0000' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('issues a new id at every sign-in: a planted or previous id never becomes signed in', async () => {
    const { port } = await startBridge();
    const setup = await rpc(port, 'store.setup', { store: { name: 'Loja' }, owner: OWNER });
    const first = cookieOf(setup) ?? '';
    expect(first).toMatch(/^balcao_session=[\w-]{32}$/);
    const planted = 'balcao_session=planted-by-attacker';
    const login = await rpc(port, 'auth.login', { login: OWNER.login, pin: OWNER.pin }, { cookie: planted });
    const second = cookieOf(login) ?? '';
    expect(second).toMatch(/^balcao_session=/);
    expect(second).not.toBe(planted);
    expect(body(await rpc(port, 'store.get', {}, { cookie: planted }))).toMatchObject({
      error: { code: 'unauthenticated' },
    });
    const third = cookieOf(await rpc(port, 'auth.login', { login: OWNER.login, pin: OWNER.pin }, { cookie: second }));
    expect(third).not.toBe(second);
    expect(body(await rpc(port, 'store.get', {}, { cookie: second }))).toMatchObject({
      error: { code: 'unauthenticated' },
    });
    expect(body(await rpc(port, 'store.get', {}, { cookie: third ?? '' }))).toMatchObject({ ok: true });
  });

  it('logout forgets the id and clears the cookie', async () => {
    const { port } = await startBridge();
    const cookie = cookieOf(await rpc(port, 'store.setup', { store: { name: 'Loja' }, owner: OWNER })) ?? '';
    const out = await rpc(port, 'auth.logout', {}, { cookie });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect(body(await rpc(port, 'store.get', {}, { cookie }))).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('a deactivated manager loses the browser session and the window session alike', async () => {
    const { port, app } = await startBridge();
    const ownerCookie = cookieOf(await rpc(port, 'store.setup', { store: { name: 'Loja' }, owner: OWNER })) ?? '';
    const created = body(
      await rpc(
        port,
        'users.create',
        { name: 'Gê', login: 'ge', role: 'manager', pin: '5678' },
        { cookie: ownerCookie },
      ),
    ) as { value: { id: string } };
    const browser = cookieOf(await rpc(port, 'auth.login', { login: 'ge', pin: '5678' })) ?? '';
    const window = newSession();
    expectOk(app.dispatch('auth.login', { login: 'ge', pin: '5678' }, window));
    expect(body(await rpc(port, 'sales.query', {}, { cookie: browser }))).toMatchObject({ ok: true });
    await rpc(port, 'users.update', { id: created.value.id, active: false }, { cookie: ownerCookie });
    const refused = await rpc(port, 'sales.query', {}, { cookie: browser });
    expect(body(refused)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(String(refused.headers['set-cookie'])).toContain('Max-Age=0');
    expect(app.dispatch('sales.query', {}, window)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('SessionStore', () => {
  it('holds at most max sessions, dropping the least recently used, and sweeps idle ones', () => {
    const store = new SessionStore(3, () => 60_000);
    const signedIn = (lastSeenMs: number) => ({ ...newSession(), userId: 'u', role: 'owner' as const, lastSeenMs });
    const a = store.add(signedIn(1_000), 1_000);
    const b = store.add(signedIn(1_000), 1_000);
    const c = store.add(signedIn(1_000), 1_000);
    store.get(a);
    const d = store.add(signedIn(1_000), 1_000);
    expect(store.size).toBe(3);
    expect(store.get(b)).toBeUndefined();
    expect([a, c, d].every((id) => store.get(id))).toBe(true);
    store.add(signedIn(70_000), 70_000);
    expect(store.size).toBe(1);
  });
});
