import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Push ingestion speed (issue 10): `sync_log` loses its primary key `(tenant_id, seq)`, one of
 * the three indexes every applied mutation was written to (about 1 ms of Postgres CPU per
 * 1,000-mutation batch). What it gave is kept otherwise:
 * - the seq of a tenant stays unique, gap-free and in commit order by the counter row every push
 *   locks (`sync_counters`), which is what always guaranteed it;
 * - reads by seq go through `sync_log_table (tenant_id, table_name, seq)`: a table's log page
 *   already did, and the replica refresh reads the seq range table by table
 *   (`table_name = ANY(…)`) — `sync_log_mutation` stays for the exactly-once check.
 * Dropping the constraint drops its index only: no rewrite, instant on a large log.
 */
export const syncLogLean: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [`ALTER TABLE sync_log DROP CONSTRAINT sync_log_pkey`]);
  },
};
