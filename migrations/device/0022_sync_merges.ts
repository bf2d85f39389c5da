import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Unique keys across desktops (issue 14): when two desktops made the same SKU, CPF, register
 * code… the server keeps the first row and maps the other's id to it. This desktop records each
 * mapping it applied — its references re-pointed to the kept row, the merged row removed — in
 * `sync_merges`, local and never synced: the owner's list in Configurações → Sincronização.
 */
export const syncMerges: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_merges (
        table_name TEXT NOT NULL,
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        merged_at TEXT NOT NULL,
        PRIMARY KEY (table_name, from_id),
        CHECK (from_id <> to_id)
      ) STRICT`,
    ]);
  },
};
