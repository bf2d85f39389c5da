import type { Db } from '../db/db';
import type { Role } from '../auth/roles';

/** Who is calling, per transport channel (a window, a browser, the CLI). Mutable: login sets it. */
export interface Session {
  userId: string | null;
  role: Role | null;
  registerId: string | null;
  /** The CLI runs with the rights of whoever can open the file. */
  system: boolean;
  /** The user's `session_version` at sign-in; a different current value ends the session. */
  version: number;
  /** When the last request ran (ms since epoch), for the idle expiry. */
  lastSeenMs: number;
}

export interface Clock {
  now(): Date;
}

let lastIsoMs = Number.NaN;
let lastIso = '';

/**
 * `clock.now().toISOString()`, the string kept for the last millisecond seen: a sale stamps
 * ~25 rows (created_at, outbox entries) within a millisecond or two, and V8 formats every
 * call anew (issue 9 item 14). Same output for any clock; an invalid date still throws.
 */
export function isoNow(clock: Clock): string {
  const date = clock.now();
  const ms = date.getTime();
  if (ms !== lastIsoMs) {
    lastIso = date.toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

/** One row a write operation touched, as insertRow/updateRow saw it (for the audit trail). */
export interface AuditEntry {
  table: string;
  id: string;
  /** The inserted row (insert), or the columns' values before the update. */
  row?: Record<string, unknown>;
  before?: Record<string, unknown>;
  /** The columns' new values (update). */
  after?: Record<string, unknown>;
}

export interface Context {
  db: Db;
  session: Session;
  clock: Clock;
  /** Set by the dispatcher around a write operation: the synced rows it writes (app/audit/). */
  audit?: AuditEntry[];
}

export function newSession(system = false): Session {
  return { userId: null, role: system ? 'owner' : null, registerId: null, system, version: 0, lastSeenMs: 0 };
}
