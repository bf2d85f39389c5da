/** Row types of the audit tables (device migration 0020); joined into `Database` in app/db/schema.ts. */
export interface AuditLogTable {
  id: string;
  /** The hash chain this row belongs to (one per device database; see `audit_chain`). */
  chain_id: string;
  /** 1, 2, 3… within the chain. */
  seq: number;
  occurred_at: string;
  user_id: string | null;
  role: string | null;
  register_id: string | null;
  operation: string;
  kind: 'write' | 'read';
  record_table: string | null;
  record_id: string | null;
  /** JSON list of `AuditChange` (personal values masked). */
  changes: string;
  approved_by: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainTable {
  id: number;
  chain_id: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
}
