import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Sessions end when the user changes: `session_version` is raised by deactivation, a change of
 * role and a PIN or password reset, and every request compares it with the version its session
 * was signed in with. `password_hash` (scrypt, like `pin_hash`) lets owners and managers sign in
 * with a password of 8+ characters instead of the PIN. Both columns are synced with `users`.
 */
export const userSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0 CHECK (session_version >= 0)`,
      `ALTER TABLE users ADD COLUMN password_hash TEXT`,
    ]);
  },
};
