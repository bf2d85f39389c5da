import { createHash } from 'node:crypto';
import type { AuditLogTable } from './audit.tables';

/** The `prev_hash` of a chain's first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns a row's hash covers, in this order (everything but `hash` itself). */
type Hashed = Omit<AuditLogTable, 'hash'>;

/**
 * SHA-256 (hex) of the previous hash and the row's content: a JSON array of every column in a
 * fixed order, so changing any value, the position (`seq`) or the link (`prev_hash`) changes it.
 */
export function auditRowHash(row: Hashed): string {
  const content = JSON.stringify([
    row.id,
    row.chain_id,
    row.seq,
    row.occurred_at,
    row.user_id,
    row.role,
    row.register_id,
    row.operation,
    row.kind,
    row.record_table,
    row.record_id,
    row.changes,
    row.approved_by,
  ]);
  return createHash('sha256').update(row.prev_hash).update('\n').update(content).digest('hex');
}

export interface AuditVerdict {
  ok: boolean;
  /** Rows checked (every chain). */
  rows: number;
  /** Position (`seq` expected at that place in its chain) of the first row that does not fit. */
  first_bad_row?: number;
  problem?: { chain_id: string; id: string; reason: 'seq' | 'link' | 'hash' };
}

/**
 * Walks rows ordered by (chain_id, seq) and checks, per chain: seq is 1, 2, 3…; each
 * `prev_hash` is the hash of the row before (GENESIS_HASH for the first); each `hash` is
 * recomputed. An edited row fails its hash (or, re-hashed, the next row's link); a deleted row
 * leaves a gap in seq; swapped rows break the links.
 */
export function verifyChainRows(rows: Iterable<AuditLogTable>): AuditVerdict {
  let count = 0;
  let chain: string | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let bad: AuditVerdict | null = null;
  for (const row of rows) {
    count++;
    if (bad) continue;
    if (row.chain_id !== chain) {
      chain = row.chain_id;
      expectedSeq = 1;
      prevHash = GENESIS_HASH;
    }
    const reason =
      row.seq !== expectedSeq
        ? 'seq'
        : row.prev_hash !== prevHash
          ? 'link'
          : auditRowHash(row) !== row.hash
            ? 'hash'
            : null;
    if (reason) {
      bad = { ok: false, rows: 0, first_bad_row: expectedSeq, problem: { chain_id: row.chain_id, id: row.id, reason } };
      continue;
    }
    expectedSeq++;
    prevHash = row.hash;
  }
  return bad ? { ...bad, rows: count } : { ok: true, rows: count };
}
