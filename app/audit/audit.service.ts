import { isoNow, type AuditEntry, type Context } from '../contract/context';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { insertRow, isFactTable } from '../sync/outbox';
import { auditRowHash, GENESIS_HASH, verifyChainRows, type AuditVerdict } from './audit.chain';
import { maskValues } from './audit.mask';
import type { AuditLogTable } from './audit.tables';

/** At most this many rows are described in one audit row (a big import says how many more). */
const MAX_CHANGES = 50;

/**
 * Operations whose audit row must name EVERY row written: past MAX_CHANGES the rest are named by
 * table, id and op only (no values). `privacy.anonymize`: the sync server erases central history
 * of exactly the rows its audit row names (sync-server/push/erasure.ts), so a cap there would
 * leave personal data of the 51st row on in central `sync_log`.
 */
const COMPLETE_AUDIT_OPS: ReadonlySet<string> = new Set(['privacy.anonymize']);

/**
 * What one audit row says about one written row. Personal values are masked (audit.mask.ts).
 * An inserted fact (an insert-only table: sales, items, payments, movements…) is named by table
 * and id without its values: the row can never change, so the reference is the record, and
 * copying it would double what a sale writes (issue 9 item 14: 5 KB of audit JSON per sale).
 * Inserted records (customers, products…) keep their first values, since they change later.
 */
export interface AuditChange {
  t: string;
  id: string;
  op: 'insert' | 'update';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

function describeInsert(table: string, id: string, row: Record<string, unknown>): AuditChange {
  return isFactTable(table)
    ? { t: table, id, op: 'insert' }
    : { t: table, id, op: 'insert', after: maskValues(table, row) };
}

const APPROVER_COLUMNS = ['approved_by', 'discount_approved_by'] as const;
const RECORD_KEYS = [
  'id',
  'customer_id',
  'sale_id',
  'lead_id',
  'appointment_id',
  'customer_external_id',
  'external_id',
];

const chainIds = new WeakMap<Db, string>();

/** This database's chain id (`audit_chain`, migration 0020), read once per open database. */
export function chainId(db: Db): string {
  let id = chainIds.get(db);
  if (!id) {
    id = (db.statement('SELECT chain_id FROM audit_chain WHERE id = 1').get() as { chain_id: string }).chain_id;
    chainIds.set(db, id);
  }
  return id;
}

/** Forgets the cached chain id (after a restore gave the file a new chain). */
export function forgetChainId(db: Db): void {
  chainIds.delete(db);
}

function describe(
  entries: readonly AuditEntry[],
  complete: boolean,
): { changes: AuditChange[]; approvedBy: string | null } {
  const changes: AuditChange[] = [];
  let approvedBy: string | null = null;
  for (const e of entries) {
    const values = e.row ?? e.after ?? {};
    for (const c of APPROVER_COLUMNS) {
      const v = values[c];
      if (approvedBy === null && typeof v === 'string') approvedBy = v;
    }
    if (changes.length >= MAX_CHANGES) {
      if (complete) changes.push({ t: e.table, id: e.id, op: e.row ? 'insert' : 'update' });
      continue;
    }
    changes.push(
      e.row
        ? describeInsert(e.table, e.id, e.row)
        : {
            t: e.table,
            id: e.id,
            op: 'update',
            before: maskValues(e.table, e.before ?? {}),
            after: maskValues(e.table, e.after ?? {}),
          },
    );
  }
  if (!complete && entries.length > MAX_CHANGES) {
    changes.push({ t: '…', id: String(entries.length - MAX_CHANGES), op: 'insert' });
  }
  return { changes, approvedBy };
}

function recordFromInput(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const values = input as Record<string, unknown>;
  for (const key of RECORD_KEYS) if (typeof values[key] === 'string') return values[key];
  return null;
}

/**
 * Appends one row to this device's chain: who (session user, role, register), when (the
 * context clock), the operation, the record (the first row written, or for a read the id the
 * input names), the written rows with personal values masked and the approver found on them.
 * Runs inside the caller's write transaction, which holds the write lock, so reading the chain's
 * last row and appending after it cannot interleave with another process.
 */
export function recordAudit(
  ctx: Context,
  operation: string,
  kind: 'write' | 'read',
  entries: readonly AuditEntry[],
  input: unknown,
): void {
  const db = ctx.db;
  const chain = chainId(db);
  const last = db
    .statement('SELECT seq, hash FROM audit_log WHERE chain_id = ? ORDER BY seq DESC LIMIT 1')
    .get(chain) as { seq: number; hash: string } | undefined;
  const { changes, approvedBy } = describe(entries, COMPLETE_AUDIT_OPS.has(operation));
  const first = entries[0];
  const row: Omit<AuditLogTable, 'hash'> = {
    id: newId(),
    chain_id: chain,
    seq: (last?.seq ?? 0) + 1,
    occurred_at: isoNow(ctx.clock),
    user_id: ctx.session.userId,
    role: ctx.session.system ? 'system' : ctx.session.role,
    register_id: ctx.session.registerId,
    operation,
    kind,
    record_table: first ? first.table : null,
    record_id: first ? first.id : recordFromInput(input),
    changes: JSON.stringify(changes),
    approved_by: approvedBy,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  insertRow({ db, session: ctx.session, clock: ctx.clock }, 'audit_log', { ...row, hash: auditRowHash(row) });
}

/** `audit.verify`: checks every chain in the file (see verifyChainRows). */
export function verifyAudit(db: Db): AuditVerdict {
  const rows = db
    .statement('SELECT * FROM audit_log ORDER BY chain_id, seq')
    .iterate() as IterableIterator<AuditLogTable>;
  return verifyChainRows(rows);
}
