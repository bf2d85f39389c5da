import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The audit trail (issue 16, app/audit/):
 * - `audit_log`: one row per write operation and per sensitive read, written by the dispatcher.
 *   Append-only (triggers refuse UPDATE and DELETE) and hash-chained per `chain_id`: `hash` is the
 *   SHA-256 of `prev_hash` and the row's content, `seq` counts 1, 2, 3… per chain, so an edited,
 *   deleted or reordered row breaks `audit.verify`. A synced fact (central 0020).
 *   `changes` is JSON: the rows the operation wrote, with before/after values of updated columns
 *   and personal fields masked.
 * - `audit_chain`: this database's chain id (local, never synced). A restore gives the restored
 *   file a new chain so it never reuses a (chain, seq) the central copy already has.
 */
export const auditLog: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        chain_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
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
        UNIQUE (chain_id, seq)
      ) STRICT`,
      `CREATE INDEX audit_log_time ON audit_log (occurred_at)`,
      `CREATE INDEX audit_log_record ON audit_log (record_id) WHERE record_id IS NOT NULL`,
      `CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        chain_id TEXT NOT NULL
      ) STRICT`,
      `INSERT INTO audit_chain (id, chain_id) VALUES (1, lower(hex(randomblob(16))))`,
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    ]);
  },
};
