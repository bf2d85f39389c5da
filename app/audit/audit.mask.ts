/**
 * Which values the audit trail may keep. The log says that a person's data changed, never what
 * it was or became (LGPD: the trail must not become a second copy of personal data, and an
 * anonymization must leave nothing behind in it).
 */

/** Shown instead of a masked value that was not null. */
export const MASKED = '•••';

/** Tables whose rows describe a person: every column is personal except the ones named below. */
const PERSON_TABLES = new Set([
  'customers',
  'leads',
  'lead_activities',
  'appointments',
  'consents',
  'clinical_notes',
  'privacy_requests',
]);

/** Columns of a person's row that are not personal (ids, states, dates, amounts). */
const NOT_PERSONAL =
  /^(id|stage|status|kind|origin|active|done|tags|acquisition_channel|late_cancel|cancelled_by|bant_score|purpose|channel|request_type)$|_id$|_ids$|_at$|_until$|_cents$|_by$|_date_due$/;

/** Columns that are personal or secret in any table. */
const ALWAYS_MASKED = new Set([
  'cpf',
  'phone',
  'email',
  'birth_date',
  'address',
  'preferences',
  'notes',
  'body',
  'pin_hash',
  'password_hash',
  'token',
  // Not personal, but bytes: a store logo is up to 700,000 base64 characters (store_logos).
  'logo_base64',
]);

/** True when `column` of `table` must not appear in the audit trail. */
export function isMaskedColumn(table: string, column: string): boolean {
  if (ALWAYS_MASKED.has(column)) return true;
  return PERSON_TABLES.has(table) && !NOT_PERSONAL.test(column);
}

/** A copy of `values` with personal columns replaced by `MASKED` (null stays null: "was cleared"). */
export function maskValues(table: string, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values)) {
    out[column] = value !== null && value !== undefined && isMaskedColumn(table, column) ? MASKED : value;
  }
  return out;
}
