import { afterEach } from 'vitest';
import { openBalcao, type Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { expectOk, OWNER, tempDbPath } from '../../test/helpers';

/** A clock tests move by hand: lockouts and idle expiry without sleeping. */
export function manualClock(start = '2026-11-30T10:00:00.000Z') {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    advance(by: { minutes?: number; seconds?: number }) {
      ms += (by.minutes ?? 0) * 60_000 + (by.seconds ?? 0) * 1000;
    },
  };
}

const opened: Balcao[] = [];
afterEach(() => opened.splice(0).forEach((a) => a.close()));

/** A set-up store on a manual clock, the owner signed in; `signIn` opens more sessions. */
export async function clockedStore() {
  const clock = manualClock();
  const app = await openBalcao(tempDbPath(), { clock });
  opened.push(app);
  const owner = newSession();
  expectOk(app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, owner));
  const signIn = (login: string, pin: string): Session => {
    const session = newSession();
    expectOk(app.dispatch('auth.login', { login, pin }, session));
    return session;
  };
  const addUser = (login: string, role: string, pin: string): string =>
    expectOk(app.dispatch('users.create', { name: `Pessoa ${login}`, login, role, pin }, owner)).id;
  return { app, clock, owner, signIn, addUser };
}
