import type { Session } from '../contract/context';
import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';
import { log } from '../log';
import { getSetting } from '../settings/settings.queries';

/** Minutes without a request after which a signed-in session ends (setting; default 12 h). */
export const SESSION_IDLE_KEY = 'auth.session_idle_minutes';
export const DEFAULT_IDLE_MINUTES = 12 * 60;
const MIN_IDLE_MS = 60_000;

const userState = defineQuery(
  (q) => q.selectFrom('users').select(['role', 'active', 'session_version']).where('id', '=', P[0]),
  { cachedFrom: ['users'] },
);

/** The idle limit in milliseconds: the setting when it is a sane number of minutes, else 12 h. */
export function idleLimitMs(db: Db): number {
  const minutes = getSetting<unknown>(db, SESSION_IDLE_KEY);
  const valid =
    typeof minutes === 'number' &&
    Number.isInteger(minutes) &&
    minutes * 60_000 >= MIN_IDLE_MS &&
    minutes <= 30 * 24 * 60;
  return (valid ? minutes : DEFAULT_IDLE_MINUTES) * 60_000;
}

/** The setting is read only past a minute of idleness (its smallest value): not on every request. */
function idleTooLong(db: Db, idleMs: number): boolean {
  return idleMs > MIN_IDLE_MS && idleMs > idleLimitMs(db);
}

/** Ends the channel's sign-in (the Session object stays; it is simply nobody's any more). */
export function signOut(session: Session): void {
  session.userId = null;
  session.role = null;
  session.registerId = null;
  session.version = 0;
}

/**
 * Run before every operation on every transport. A signed-in session ends when its user is gone,
 * inactive, has another role, or has a `session_version` other than the one it signed in with
 * (deactivation, role change and PIN/password reset raise it), or when it has been idle past the
 * idle limit. Otherwise its idle clock restarts at `nowMs`. Returns why it ended, or null.
 * One indexed lookup on `users` per request; the CLI's system session is not checked.
 */
export function checkSession(db: Db, session: Session, nowMs: number): string | null {
  if (session.system || !session.userId) return null;
  const user = userState.first(db, session.userId);
  // Users are never deleted (the outbox has no deletes) and a session names a user only after
  // signIn read that row, so a missing row means a test's hand-made session: nothing to compare.
  if (!user) return null;
  let reason: string | null = null;
  if (user.active !== 1) reason = 'user inactive';
  else if (user.session_version !== session.version || user.role !== session.role) reason = 'user changed';
  else if (session.lastSeenMs > 0 && idleTooLong(db, nowMs - session.lastSeenMs)) reason = 'idle';
  if (reason) {
    log.info('session ended', { user: session.userId, reason });
    signOut(session);
    return reason;
  }
  session.lastSeenMs = nowMs;
  return null;
}

/** The user's current session version, what a session signing in now must carry. */
export function sessionVersionOf(db: Db, userId: string): number {
  return userState.first(db, userId)?.session_version ?? 0;
}
