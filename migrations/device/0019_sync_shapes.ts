import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The device half of the read path (issue 14):
 * - `sync_shapes`: one row per synced table whose shape this desktop follows — the Electric
 *   shape handle and offset of the last page applied, written in the same transaction as that
 *   page's rows, so a kill at any point resumes exactly after the last page applied. Local to
 *   this computer, never synced.
 * - `sync_device.last_pull_at`: when a pull last reached up-to-date on every table.
 * - `sync_device.conflicts_seen`: double bookings the agenda's conflict check reported after the
 *   last pull (JSON array of appointment id pairs), so `sync.status` can show the new ones.
 */
export const syncShapes: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_shapes (
        table_name TEXT PRIMARY KEY,
        handle TEXT,
        shape_offset TEXT NOT NULL DEFAULT '-1',
        rows_applied INTEGER NOT NULL DEFAULT 0 CHECK (rows_applied >= 0),
        updated_at TEXT NOT NULL
      ) STRICT`,
      `ALTER TABLE sync_device ADD COLUMN last_pull_at TEXT`,
      `ALTER TABLE sync_device ADD COLUMN conflicts_seen TEXT`,
    ]);
  },
};
