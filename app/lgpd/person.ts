import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { findCustomerByExternalId, findCustomerById } from '../customers/customer.queries';
import { findLead } from '../leads/leads.queries';

/** Who an LGPD operation is about: a customer or a lead. */
export type Person = { kind: 'customer'; id: string; name: string } | { kind: 'lead'; id: string; name: string };

/**
 * The customer named by `customer_id` or `customer_external_id` (exactly one), or
 * `unknown_customer` / `person_required`.
 */
export function requireCustomer(
  ctx: Context,
  ref: { customer_id?: string | undefined; customer_external_id?: string | undefined },
) {
  if ((ref.customer_id === undefined) === (ref.customer_external_id === undefined)) {
    throw new AppError(
      'person_required',
      'exactly one of customer_id / customer_external_id required',
      'Informe o cliente: customer_id ou customer_external_id.',
    );
  }
  const customer =
    ref.customer_id !== undefined
      ? findCustomerById(ctx.db, ref.customer_id)
      : findCustomerByExternalId(ctx.db, ref.customer_external_id!);
  if (!customer) {
    throw new AppError(
      'unknown_customer',
      `unknown customer ${ref.customer_id ?? ref.customer_external_id}`,
      'Cliente não encontrado.',
    );
  }
  return customer;
}

/** A customer (id or external id) or a lead (`lead_id`): exactly one. */
export function requirePerson(
  ctx: Context,
  ref: { customer_id?: string | undefined; customer_external_id?: string | undefined; lead_id?: string | undefined },
): Person {
  if (ref.lead_id !== undefined) {
    if (ref.customer_id !== undefined || ref.customer_external_id !== undefined) {
      throw new AppError(
        'person_required',
        'both a lead and a customer named',
        'Informe uma só pessoa: cliente ou lead.',
      );
    }
    const lead = findLead(ctx.db, ref.lead_id);
    if (!lead) throw new AppError('unknown_lead', `unknown lead ${ref.lead_id}`, 'Lead não encontrado.');
    return { kind: 'lead', id: lead.id, name: lead.name };
  }
  const customer = requireCustomer(ctx, ref);
  return { kind: 'customer', id: customer.id, name: customer.name };
}
