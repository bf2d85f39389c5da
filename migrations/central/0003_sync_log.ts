import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * The push bookkeeping:
 * - `sync_counters`: one row per tenant holding the last `sync_log` seq. A push locks it first
 *   (`SELECT … FOR UPDATE`), so pushes of one tenant apply and commit one after another and the
 *   sequence has no gaps and never commits out of order (a bare sequence would do neither).
 * - `sync_log`: every applied change, in the server's order: the columns it set (the whole row
 *   of an insert), where it came from, and its mutation id.
 * - `applied_mutations`: every mutation id seen, applied (with its seq) or rejected (with the
 *   reason, answered again if the device resends it).
 */
export const syncLog: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_counters (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        last_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
      )`,
      `CREATE TABLE sync_log (
        tenant_id TEXT NOT NULL,
        seq BIGINT NOT NULL CHECK (seq > 0),
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
        columns JSONB NOT NULL,
        mutation_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, seq)
      )`,
      `CREATE INDEX sync_log_table ON sync_log (tenant_id, table_name, seq)`,
      `CREATE TABLE applied_mutations (
        tenant_id TEXT NOT NULL,
        mutation_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_seq BIGINT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
        seq BIGINT,
        reject_code TEXT,
        reject_reason TEXT,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, mutation_id),
        CHECK ((status = 'applied') = (seq IS NOT NULL))
      )`,
      ...tenantPolicy('sync_counters'),
      ...tenantPolicy('sync_log'),
      ...tenantPolicy('applied_mutations'),
    ]);
  },
};
