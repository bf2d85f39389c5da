import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Sync, part 2 (issue 14, first sync performance): `sync_dirty_sales` lists the sales whose
 * facts a pull has written but whose `sale_state` projection is not yet recomputed. A pull
 * queues them in the same transaction as each page (a sale's facts arrive over several tables:
 * sales, lines, payments, returns…) and projects each one once when the pull ends — also after
 * a kill, at the next pull — instead of once per page that touched it. Local, never synced.
 */
export const syncDirtySales: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [`CREATE TABLE sync_dirty_sales (sale_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID`]);
  },
};
