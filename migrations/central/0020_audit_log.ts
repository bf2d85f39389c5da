import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * The audit trail (device migration 0020), mirrored like 0002: the device's columns (INTEGER →
 * BIGINT), CHECKs and NOT NULLs, `tenant_id` plus the origin `device_id` and `store_id`, primary
 * key `(tenant_id, id)`, the device's `UNIQUE (chain_id, seq)` scoped to the device that wrote
 * it (deferred), no foreign keys, row-level security by tenant. The rows keep the device's hashes,
 * so the central copy can verify each device's chain with the same code (app/audit/audit.chain.ts)
 * and still holds a row a device deleted locally.
 */
export const auditLog: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE audit_log (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        chain_id TEXT NOT NULL,
        seq BIGINT NOT NULL CHECK (seq >= 1),
        occurred_at TEXT NOT NULL,
        user_id TEXT,
        role TEXT,
        register_id TEXT,
        operation TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('write', 'read')),
        record_table TEXT,
        record_id TEXT,
        changes TEXT NOT NULL DEFAULT '[]',
        approved_by TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`,
      ...tenantPolicy('audit_log'),
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_seq_unique UNIQUE (tenant_id, device_id, chain_id, seq) DEFERRABLE INITIALLY DEFERRED`,
    ]);
  },
};
