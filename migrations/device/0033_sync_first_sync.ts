import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Sync, part 2 (issue 14, first sync of a new desktop): `sync_first_sync` is the persisted
 * marker of a first sync in progress (`app/sync/sync.pull.first.ts`). A first sync drops the
 * secondary (non-unique) indexes of the synced tables and of their projections, and the
 * triggers that maintain derived data (stock levels, the search indexes, the analytics
 * projection and day cache), keeping here the exact `CREATE` statement of each (`kind`
 * `index` or `trigger`, `phase` saying when it comes back), plus one `marker` row. The
 * objects are rebuilt set-based once every table is up to date and each row is deleted in the
 * same transaction as its object's `CREATE`, so a kill at any point resumes: the next pull
 * sees the rows left and goes on in first-sync mode. Local, never synced.
 *
 * `sync_key_conflicts`: rows a pull could not write because a local row holds the same value of
 * a UNIQUE that is not a merge key (`sales(number)`: two different sales): the server's row is
 * kept whole (`row`, JSON) with the local row it met, for the owner's list
 * (`sync.status.key_conflicts`) — nothing lost, nothing retried in a loop. Local, never synced.
 */
export const syncFirstSync: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_first_sync (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('marker', 'index', 'trigger')),
        table_name TEXT NOT NULL,
        phase INTEGER NOT NULL,
        sql TEXT NOT NULL
      ) STRICT, WITHOUT ROWID`,
      `CREATE TABLE sync_key_conflicts (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        local_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        row TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
      ) STRICT, WITHOUT ROWID`,
    ]);
  },
};
