import type { Db } from '../db/db';
import { getSetting } from '../settings/settings.queries';

/**
 * Lockout after repeated wrong PINs or passwords for one login, at sign-in and in approval
 * fields alike (they guess the same secret). Setting `auth.lockout`
 * `{ tries, backoff_minutes }`, default 5 tries, then locks of 1, 5 and 15 minutes: the first
 * lock after `tries` failures, and each failure after a lock ends locks again for the next step
 * (the last step repeats). A right answer outside a lock clears the record.
 *
 * Kept in memory per open database (per process): a restart forgets it, which a remote guesser
 * cannot cause. Memory is bounded: past MAX_ENTRIES the oldest record is dropped.
 */
export const LOCKOUT_KEY = 'auth.lockout';
export const DEFAULT_LOCKOUT = { tries: 5, backoff_minutes: [1, 5, 15] } as const;
const MAX_ENTRIES = 10_000;

export interface LockoutPolicy {
  tries: number;
  backoff_minutes: readonly number[];
}

interface Entry {
  failures: number;
  /** How many locks were imposed since the last success. */
  locks: number;
  lockedUntilMs: number;
}

const stores = new WeakMap<Db, Map<string, Entry>>();

function storeOf(db: Db): Map<string, Entry> {
  let store = stores.get(db);
  if (!store) {
    store = new Map();
    stores.set(db, store);
  }
  return store;
}

const keyOf = (login: string) => login.trim().toLowerCase();

/** The policy from settings when it is well-formed, else the default. */
export function lockoutPolicy(db: Db): LockoutPolicy {
  const value = getSetting<unknown>(db, LOCKOUT_KEY);
  if (typeof value !== 'object' || value === null) return DEFAULT_LOCKOUT;
  const { tries, backoff_minutes: steps } = value as Record<string, unknown>;
  const validTries = typeof tries === 'number' && Number.isInteger(tries) && tries >= 1 && tries <= 100;
  const validSteps =
    Array.isArray(steps) &&
    steps.length >= 1 &&
    steps.length <= 10 &&
    steps.every((m) => typeof m === 'number' && Number.isInteger(m) && m >= 1 && m <= 24 * 60);
  return validTries && validSteps ? { tries, backoff_minutes: steps as number[] } : DEFAULT_LOCKOUT;
}

/** Milliseconds until `login` may try again, or 0 when it is not locked. */
export function lockedForMs(db: Db, login: string, nowMs: number): number {
  const entry = storeOf(db).get(keyOf(login));
  return entry && entry.lockedUntilMs > nowMs ? entry.lockedUntilMs - nowMs : 0;
}

/** Records a wrong secret for `login`; returns the lock it caused in ms (0 when none). */
export function recordFailure(db: Db, login: string, nowMs: number): number {
  const store = storeOf(db);
  const key = keyOf(login);
  const entry = store.get(key) ?? { failures: 0, locks: 0, lockedUntilMs: 0 };
  store.delete(key);
  store.set(key, entry);
  if (store.size > MAX_ENTRIES) store.delete(store.keys().next().value ?? key);
  const policy = lockoutPolicy(db);
  entry.failures++;
  if (entry.locks === 0 && entry.failures < policy.tries) return 0;
  const steps = policy.backoff_minutes;
  const minutes = steps[Math.min(entry.locks, steps.length - 1)] ?? 15;
  entry.locks++;
  entry.failures = 0;
  entry.lockedUntilMs = nowMs + minutes * 60_000;
  return minutes * 60_000;
}

/** A right secret: the login starts afresh. */
export function recordSuccess(db: Db, login: string): void {
  storeOf(db).delete(keyOf(login));
}
