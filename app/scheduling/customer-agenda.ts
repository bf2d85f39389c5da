import type { Context } from '../contract/context';
import { customerAppointments } from './appointment.view';
import { packageBalances } from './package.ledger';

/** The patient detail's agenda part: appointments (newest first) and session packages with their ledgers. */
export function getCustomerAgenda(ctx: Context, customerId: string) {
  return { appointments: customerAppointments(ctx, customerId), packages: packageBalances(ctx, customerId) };
}
