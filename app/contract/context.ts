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

export interface Context {
  db: Db;
  session: Session;
  clock: Clock;
}

export function newSession(system = false): Session {
  return { userId: null, role: system ? 'owner' : null, registerId: null, system, version: 0, lastSeenMs: 0 };
}
