import { sql, type Kysely } from 'kysely';
import { verifyChainRows, type AuditVerdict } from '../app/audit/audit.chain';
import type { AuditLogTable } from '../app/audit/audit.tables';
import type { CentralDb } from './db/schema';

/**
 * Verifies the central copy of a tenant's audit trail (issue 16: "the log is synced so the
 * central copy can verify a device's chain too"): every chain the tenant's devices pushed, with
 * the devices' own rule (`verifyChainRows`: seq 1, 2, 3…, each `prev_hash` the hash before, each
 * `hash` recomputed). A row edited or deleted centrally, or deleted on the device after it was
 * pushed, shows here. Answers `{ ok, rows, first_bad_row?, problem? }` like `audit verify`.
 */
export async function verifyCentralAudit(db: Kysely<CentralDb>, tenantId: string): Promise<AuditVerdict> {
  const { rows } = await sql<AuditLogTable & { seq: number | string }>`
    SELECT id, chain_id, seq, occurred_at, user_id, role, register_id, operation, kind, record_table,
           record_id, changes, approved_by, prev_hash, hash
    FROM audit_log WHERE tenant_id = ${tenantId} ORDER BY chain_id, seq`.execute(db);
  return verifyChainRows(rows.map((r) => ({ ...r, seq: Number(r.seq) })));
}
