import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * Cheaper push bookkeeping (issue 10, ingestion speed). Until now every applied mutation wrote
 * two rows: its `sync_log` entry and an `applied_mutations` row (mutation id, device_seq, seq).
 * The log entry already holds the mutation id, the device and the seq, so:
 * - `sync_log.device_seq` (the device's sequence number of the mutation) and a UNIQUE index
 *   `sync_log_mutation (tenant_id, mutation_id)`: an applied mutation is found (and a replay
 *   recognised, or refused when its device_seq differs) in the log itself;
 * - `rejected_mutations`: the mutation ids refused one by one (code and reason, answered again
 *   identically when the device resends them), under row-level security like every tenant table;
 * - `applied_mutations` is copied into both (applied rows give the log entries their
 *   device_seq) and dropped;
 * - `sync_counters.has_merges`: whether the tenant has any `sync_merges` row. It is read with
 *   the counter row the push locks first, so a push of a tenant without merges skips looking
 *   them up (the locked row is read after any push it waited for committed; a separate
 *   `EXISTS` would have needed its own statement).
 */
export const pushBookkeeping: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE sync_log ADD COLUMN device_seq BIGINT`,
      `UPDATE sync_log AS l SET device_seq = a.device_seq FROM applied_mutations AS a
       WHERE a.tenant_id = l.tenant_id AND a.mutation_id = l.mutation_id`,
      `CREATE UNIQUE INDEX sync_log_mutation ON sync_log (tenant_id, mutation_id)`,
      `CREATE TABLE rejected_mutations (
        tenant_id TEXT NOT NULL,
        mutation_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_seq BIGINT NOT NULL,
        reject_code TEXT NOT NULL,
        reject_reason TEXT NOT NULL,
        rejected_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, mutation_id)
      )`,
      ...tenantPolicy('rejected_mutations'),
      `INSERT INTO rejected_mutations (tenant_id, mutation_id, device_id, device_seq, reject_code, reject_reason, rejected_at)
       SELECT tenant_id, mutation_id, device_id, device_seq, coalesce(reject_code, 'rejected'),
         coalesce(reject_reason, ''), applied_at
       FROM applied_mutations WHERE status = 'rejected'`,
      `DROP TABLE applied_mutations`,
      `ALTER TABLE sync_counters ADD COLUMN has_merges BOOLEAN NOT NULL DEFAULT false`,
      `UPDATE sync_counters AS c SET has_merges = true
       WHERE EXISTS (SELECT 1 FROM sync_merges AS m WHERE m.tenant_id = c.tenant_id)`,
    ]);
  },
};
