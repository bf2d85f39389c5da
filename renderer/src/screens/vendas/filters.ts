import type { OpInput } from '../../../../app/contract/operations';
import type { PaymentMethod } from '../../format';
import type { SaleStatus } from './labels';

export interface SalesFilter {
  from: string;
  to: string;
  status: SaleStatus | '';
  customer: { id: string; name: string } | null;
  salespersonId: string;
  paymentMethod: PaymentMethod | '';
  location: string;
}

/** YYYY-MM-DD of an instant in the store's time zone: "today" is the store's business day. */
export function dayIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function todayFilter(timeZone: string): SalesFilter {
  const today = dayIn(timeZone);
  return { from: today, to: today, status: '', customer: null, salespersonId: '', paymentMethod: '', location: '' };
}

/** A reversed period is refused here, in Portuguese, instead of quietly listing nothing. */
export function periodError(f: SalesFilter): string | undefined {
  if (f.from && f.to && f.from > f.to) return 'A data inicial é depois da data final.';
  return undefined;
}

export type SalesQueryInput = Omit<OpInput<'sales.query'>, 'limit' | 'offset' | 'with_totals'>;

export function toQuery(f: SalesFilter): SalesQueryInput {
  return {
    with_lines: false,
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.customer ? { customer_id: f.customer.id } : {}),
    ...(f.salespersonId ? { salesperson_id: f.salespersonId } : {}),
    ...(f.paymentMethod ? { payment_method: f.paymentMethod } : {}),
    ...(f.location ? { location: f.location } : {}),
  };
}
