import type BetterSqlite3 from 'better-sqlite3';
import { v7 } from 'uuid';
import { auditRowHash, GENESIS_HASH } from '../app/audit/audit.chain';

/**
 * The audit row a raw baseline writes per operation, as the dispatcher does (issue 16): the
 * chain's last row read, the changes named by table and id (inserted facts carry no values),
 * the SHA-256 link, the row and its outbox entry. Baselines that write the same rows as the
 * contract include it, so a ratio measures the contract's overhead, not the audit's existence.
 */
export function rawAuditWriter(
  db: BetterSqlite3.Database,
  operation: string,
): { note(table: string, id: string): void; write(recordId: string, now: string): void } {
  const chain = db.prepare('SELECT chain_id FROM audit_chain WHERE id = 1').pluck().get() as string;
  const last = db.prepare('SELECT seq, hash FROM audit_log WHERE chain_id = ? ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (id, chain_id, seq, occurred_at, user_id, role, register_id, operation, kind, record_table, record_id, changes, approved_by, prev_hash, hash)
     VALUES (?,?,?,?,NULL,'owner',NULL,?,'write','sales',?,?,NULL,?,?)`,
  );
  const outbox = db.prepare(
    `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, user_id, register_id, created_at)
     VALUES (?, 'audit_log', ?, 'insert', ?, NULL, NULL, ?)`,
  );
  let changes: { t: string; id: string; op: 'insert' }[] = [];
  return {
    note: (table, id) => void changes.push({ t: table, id, op: 'insert' }),
    write(recordId, now) {
      const previous = last.get(chain) as { seq: number; hash: string } | undefined;
      const base = {
        id: v7(),
        chain_id: chain,
        seq: (previous?.seq ?? 0) + 1,
        occurred_at: now,
        user_id: null,
        role: 'owner',
        register_id: null,
        operation,
        kind: 'write' as const,
        record_table: 'sales',
        record_id: recordId,
        changes: JSON.stringify(changes),
        approved_by: null,
        prev_hash: previous?.hash ?? GENESIS_HASH,
      };
      const row = { ...base, hash: auditRowHash(base) };
      insert.run(row.id, chain, row.seq, now, operation, recordId, row.changes, row.prev_hash, row.hash);
      outbox.run(v7(), row.id, JSON.stringify(row), now);
      changes = [];
    },
  };
}
