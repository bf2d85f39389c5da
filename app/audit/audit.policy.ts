/**
 * Which reads are written to the audit trail (issue 16): exports, views of one person's data and
 * analytics that show costs or margins. Every write operation is audited anyway.
 */
const SENSITIVE_READS = new Set([
  'customers.get',
  'leads.get',
  'agenda.customer',
  'analytics.customer',
  'analytics.customers',
  'analytics.margins',
  'analytics.dashboard',
  'privacy.export',
  'clinical.view',
]);

/** True for an operation whose successful read must leave an audit row. */
export function isSensitiveRead(operation: string): boolean {
  return (
    operation.endsWith('.export') ||
    operation.endsWith('_export') ||
    operation.endsWith('_csv') ||
    SENSITIVE_READS.has(operation)
  );
}
