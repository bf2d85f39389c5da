import type { z } from 'zod';
import type { Db } from '../db/db';
import type { auditListSchema } from './audit.ops';
import type { AuditChange } from './audit.service';

export interface AuditListRow {
  id: string;
  seq: number;
  occurred_at: string;
  user_id: string | null;
  user_name: string | null;
  role: string | null;
  register_id: string | null;
  operation: string;
  kind: 'write' | 'read';
  record_table: string | null;
  record_id: string | null;
  changes: AuditChange[];
  approved_by: string | null;
  approved_by_name: string | null;
}

/**
 * `audit.list`: newest first, filtered by user, operation (exact, or a prefix ending in '.'),
 * record (id or table) and period [from, to) in ISO instants. Returns the page and the total
 * count of the filtered set, and the users (id, name) the filter offers. Values were masked when
 * written (audit.mask.ts).
 */
export function listAudit(
  db: Db,
  input: z.output<typeof auditListSchema>,
): { rows: AuditListRow[]; total: number; users: { id: string; name: string }[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.user_id) {
    where.push('a.user_id = ?');
    params.push(input.user_id);
  }
  if (input.operation) {
    if (input.operation.endsWith('.')) {
      where.push('substr(a.operation, 1, ?) = ?');
      params.push(input.operation.length, input.operation);
    } else {
      where.push('a.operation = ?');
      params.push(input.operation);
    }
  }
  if (input.record) {
    where.push('(a.record_id = ? OR a.record_table = ?)');
    params.push(input.record, input.record);
  }
  if (input.from) {
    where.push('a.occurred_at >= ?');
    params.push(new Date(input.from).toISOString());
  }
  if (input.to) {
    where.push('a.occurred_at < ?');
    params.push(new Date(input.to).toISOString());
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.statement(`SELECT count(*) AS n FROM audit_log a ${filter}`).get(...params) as { n: number }).n;
  const rows = db
    .statement(
      `SELECT a.id, a.seq, a.occurred_at, a.user_id, u.name AS user_name, a.role, a.register_id, a.operation, a.kind,
        a.record_table, a.record_id, a.changes, a.approved_by, ap.name AS approved_by_name
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users ap ON ap.id = a.approved_by
       ${filter} ORDER BY a.occurred_at DESC, a.seq DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as (Omit<AuditListRow, 'changes'> & { changes: string })[];
  const users = db.statement('SELECT id, name FROM users ORDER BY name').all() as { id: string; name: string }[];
  return { rows: rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as AuditChange[] })), total, users };
}
