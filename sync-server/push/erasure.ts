import type { Transaction } from 'kysely';
import { ERASED_COLUMNS } from '../../app/lgpd/anonymize';
import type { CentralDb } from '../db/schema';
import { run, type Origin } from './statements';

type Trx = Transaction<CentralDb>;
type ErasedTable = keyof typeof ERASED_COLUMNS;
/** An applied mutation as the push logs it (op `merge` included). */
type Applied = { table: string; op: string; columns: Record<string, unknown> };

const isErasedTable = (t: string): t is ErasedTable => Object.hasOwn(ERASED_COLUMNS, t);

/** An anonymization is marked by its audit row (a synced fact): operation `privacy.anonymize`. */
function isAnonymization(m: Applied): boolean {
  return m.table === 'audit_log' && m.op === 'insert' && m.columns.operation === 'privacy.anonymize';
}

/**
 * The rows the audit row says the anonymization wrote (`changes`: `[{ t, id, op }]`; every row —
 * past the first 50 by table and id only, COMPLETE_AUDIT_OPS in app/audit/audit.service.ts).
 */
function rowsNamed(changes: unknown): Map<ErasedTable, Set<string>> {
  const rows = new Map<ErasedTable, Set<string>>();
  let list: unknown;
  try {
    list = typeof changes === 'string' ? JSON.parse(changes) : null;
  } catch {
    list = null;
  }
  if (!Array.isArray(list)) return rows;
  for (const c of list as { t?: unknown; id?: unknown }[]) {
    if (typeof c.t !== 'string' || typeof c.id !== 'string' || !isErasedTable(c.t)) continue;
    const ids = rows.get(c.t) ?? new Set<string>();
    ids.add(c.id);
    rows.set(c.t, ids);
  }
  return rows;
}

/** Adds the rows central holds about the customer (by customer_id) to those the audit row named. */
async function addRowsOfCustomers(trx: Trx, tenantId: string, rows: Map<ErasedTable, Set<string>>): Promise<void> {
  const customers = [...(rows.get('customers') ?? [])];
  if (customers.length === 0) return;
  const found = await run<{ t: ErasedTable; id: string }>(
    trx,
    `SELECT 'leads' AS t, id FROM leads WHERE tenant_id = $1 AND customer_id = ANY($2::text[])
     UNION ALL SELECT 'lead_activities', a.id FROM lead_activities a JOIN leads l
       ON l.tenant_id = a.tenant_id AND l.id = a.lead_id WHERE a.tenant_id = $1 AND l.customer_id = ANY($2::text[])
     UNION ALL SELECT 'appointments', id FROM appointments WHERE tenant_id = $1 AND customer_id = ANY($2::text[])
     UNION ALL SELECT 'privacy_requests', id FROM privacy_requests WHERE tenant_id = $1 AND customer_id = ANY($2::text[])`,
    [tenantId, customers],
  );
  for (const { t, id } of found) {
    const ids = rows.get(t) ?? new Set<string>();
    ids.add(id);
    rows.set(t, ids);
  }
}

/**
 * LGPD elimination reaching central history (issue 16). When a push applies an anonymization
 * (the device's `privacy.anonymize` audit row), every earlier `sync_log` entry of the rows it
 * erased — the customer, and the leads, lead activities, appointments and requests the audit row
 * names or central links to the customer — has its erased columns (ERASED_COLUMNS: name, CPF,
 * phone, e-mail, birth date, address, notes, free text…) replaced by the row's current,
 * anonymized value; the free-text `reason` of the history facts of those appointments and leads
 * is cleared. Runs in the push's transaction, after the rows were written, as the tenant (RLS).
 * A device reading the log from any position then never receives the old values; a snapshot
 * (offset -1) reads the anonymized rows. Returns the number of log entries rewritten.
 */
export async function eraseAnonymizedHistory(trx: Trx, origin: Origin, applied: readonly Applied[]): Promise<number> {
  const marks = applied.filter(isAnonymization);
  if (marks.length === 0) return 0;
  const rows = new Map<ErasedTable, Set<string>>();
  for (const m of marks) {
    for (const [t, ids] of rowsNamed(m.columns.changes)) {
      const all = rows.get(t) ?? new Set<string>();
      for (const id of ids) all.add(id);
      rows.set(t, all);
    }
  }
  await addRowsOfCustomers(trx, origin.tenantId, rows);
  let rewritten = 0;
  for (const [table, ids] of rows) {
    const scrubbed = await run<{ seq: string }>(
      trx,
      `UPDATE sync_log AS l
       SET columns = l.columns || (
         SELECT jsonb_object_agg(k, to_jsonb(r) -> k) FROM jsonb_object_keys(l.columns) AS k WHERE k = ANY($4::text[])
       )
       FROM "${table}" AS r
       WHERE l.tenant_id = $1 AND l.table_name = $2 AND l.row_id = ANY($3::text[])
         AND l.columns IS NOT NULL AND l.columns ?| $4::text[]
         AND r.tenant_id = $1 AND r.id = l.row_id
       RETURNING l.seq`,
      [origin.tenantId, table, [...ids], ERASED_COLUMNS[table]],
    );
    rewritten += scrubbed.length;
  }
  const facts: [string, string, ErasedTable][] = [
    ['appointment_history', 'appointment_id', 'appointments'],
    ['lead_stage_changes', 'lead_id', 'leads'],
  ];
  for (const [fact, parent, of] of facts) {
    const parents = [...(rows.get(of) ?? [])];
    if (parents.length === 0) continue;
    await run(
      trx,
      `UPDATE ${fact} SET reason = NULL WHERE tenant_id = $1 AND ${parent} = ANY($2::text[]) AND reason IS NOT NULL`,
      [origin.tenantId, parents],
    );
  }
  return rewritten;
}
