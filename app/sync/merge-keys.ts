/**
 * Unique keys across desktops (issue 14): two desktops may create the same SKU, CPF, register
 * code, idempotency key… offline. The device UNIQUEs that identify "the same thing", per table:
 * the server merges an insert whose key another row of the tenant already has into that row
 * (the first by its order), and a desktop's pull merges its local row into the server's the
 * same way. Every device UNIQUE of a synced table is either here or in `NOT_MERGED` (a test
 * reads the device schema and checks it). The one declaration: the sync server imports it
 * (`sync-server/push/merge.ts`), since app/ never imports the server.
 */
export const MERGE_KEYS: Readonly<Record<string, string[][]>> = {
  registers: [['store_id', 'code']],
  users: [['login']],
  products: [['external_id']],
  variants: [['external_id']],
  salespeople: [['external_id']],
  customers: [['cpf'], ['external_id']],
  commission_rules: [['scope', 'target']],
  sales: [['external_id']],
  sale_items: [['sale_id', 'line_no']],
  sale_discounts: [['external_id']],
  payments: [['external_id']],
  cancellations: [['sale_id'], ['external_id']],
  returns: [['external_id']],
  fiscal_documents: [['nfe_key']],
  loyalty_movements: [['external_id']],
  cash_closings: [['session_id'], ['register_id', 'number']],
  leads: [['external_id']],
  professionals: [['salesperson_id'], ['external_id']],
  schedule_exceptions: [['professional_id', 'date']],
  resources: [['external_id']],
  appointments: [['external_id']],
  crediario_installments: [['sale_id', 'number']],
  installment_receipts: [['external_id']],
  chargebacks: [['external_id']],
  sale_expirations: [['sale_id']],
};

/**
 * Device UNIQUEs of synced tables that are not merged, and why. A desktop's pull that meets a
 * collision on one of these lists it as a conflict (`sync_key_conflicts`), never merges it.
 */
export const NOT_MERGED: Record<string, string> = {
  'stores(code)': 'a store joining the tenant with a code in use is refused at enrolment (store_code_taken)',
  'sales(number)': 'different sales: each register numbers its own, and a joining desktop gets its own register',
  'barcodes(code)': 'the code is the primary key: the same barcode is one row (last writer wins)',
  'audit_log(chain_id,seq)': 'a chain belongs to one database file; its rows are hashed and never rewritten',
};

/** Whether the UNIQUE over `columns` of `table` is a declared merge key (order does not matter). */
export function isMergeKey(table: string, columns: string[]): boolean {
  return (MERGE_KEYS[table] ?? []).some(
    (key) => key.length === columns.length && key.every((c) => columns.includes(c)),
  );
}
