import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { formatCpf } from '../br/cpf';
import { insertRow, updateRow } from '../sync/outbox';
import { findCustomerByCpf, findCustomerById } from '../customers/customer.queries';
import { normalizePhone } from '../customers/customer.schemas';
import { bookAppointment } from '../scheduling/appointment.service';
import { nationalDigits, requireLead, type LeadRow } from './leads.queries';
import type { ConvertLeadInput } from './leads.schemas';
import { recordStageChange } from './leads.service';

type Customer = NonNullable<ReturnType<typeof findCustomerById>>;

export interface ConvertResult {
  id: string;
  lead_id: string;
  customer_id: string;
  customer_created: boolean;
  appointment_id: string | null;
}

/**
 * The customer a conversion goes to: the one named, else the one the lead is linked to, else
 * one found by CPF, then phone, then e-mail; null when none (a new one is made).
 */
function findTarget(ctx: Context, lead: NonNullable<LeadRow>, input: ConvertLeadInput): Customer | null {
  const byId = input.customer_id ?? lead.customer_id;
  if (byId) {
    const c = findCustomerById(ctx.db, byId);
    if (!c) throw new AppError('unknown_customer', `Unknown customer ${byId}`, 'Cliente não encontrado.');
    return c;
  }
  if (input.cpf) {
    const c = findCustomerByCpf(ctx.db, input.cpf);
    if (c) return c;
  }
  const phone = phoneForCustomer(lead.phone);
  if (phone) {
    const c = ctx.db.first(
      ctx.db.q.selectFrom('customers').selectAll().where('phone', '=', phone).orderBy('created_at').orderBy('id'),
    );
    if (c) return c;
  }
  const email = input.email ?? lead.email;
  if (email) {
    const c = ctx.db.first(
      ctx.db.q.selectFrom('customers').selectAll().where('email', '=', email).orderBy('created_at').orderBy('id'),
    );
    if (c) return c;
  }
  return null;
}

/** The lead's E.164 phone as customers keep it (national digits), when it is a DDD number. */
function phoneForCustomer(e164: string | null): string | null {
  const national = nationalDigits(e164);
  return national ? normalizePhone(national) : null;
}

function assertCpfFree(ctx: Context, cpf: string | null | undefined, selfId: string | null): void {
  if (!cpf) return;
  const owner = findCustomerByCpf(ctx.db, cpf);
  if (owner && owner.id !== selfId) {
    throw new AppError(
      'cpf_taken',
      `CPF belongs to customer ${owner.id}`,
      `O CPF ${formatCpf(cpf)} já está cadastrado para outro cliente.`,
      {
        customer_id: owner.id,
      },
    );
  }
}

/**
 * Converts a lead (issue 12): links it to an existing customer (named, linked before, or found
 * by CPF, phone or e-mail) or creates one with the extra fields (CPF validated by the schema,
 * birth date, address); an existing customer only gains the fields it lacks. The lead's origin
 * becomes the customer's `acquisition_channel` when the customer has none (first touch wins).
 * The lead goes to `convertido` (history kind `convert`). With `appointment`, the first visit is
 * booked in the same transaction through the agenda's `bookAppointment` (its rule applies; a
 * refusal undoes the conversion too).
 * Errors: `already_converted` (second time), `lead_closed` (perdido: reopen first),
 * `lead_merged`, `unknown_customer`, `cpf_taken`, `invalid_birth_date`, the agenda's own codes.
 */
export function convertLead(ctx: Context, input: ConvertLeadInput): ConvertResult {
  const lead = requireLead(ctx, input.lead_id);
  if (lead.stage === 'convertido') {
    throw new AppError(
      'already_converted',
      `Lead ${lead.id} already converted`,
      'Este lead já foi convertido em cliente.',
      {
        customer_id: lead.customer_id,
      },
    );
  }
  if (lead.merged_into) {
    throw new AppError('lead_merged', 'Lead was merged', 'Este lead foi unido a outro.', {
      into_lead_id: lead.merged_into,
    });
  }
  if (lead.stage === 'perdido') {
    throw new AppError('lead_closed', 'Lost lead', 'Este lead está perdido: reabra-o antes de converter.');
  }
  const now = ctx.clock.now().toISOString();
  if (input.birth_date && input.birth_date > now.slice(0, 10)) {
    throw new AppError(
      'invalid_birth_date',
      'Birth date in the future',
      `Data de nascimento no futuro: ${input.birth_date}.`,
    );
  }
  const target = findTarget(ctx, lead, input);
  assertCpfFree(ctx, input.cpf, target?.id ?? null);
  const fields = {
    cpf: input.cpf ?? null,
    email: input.email ?? lead.email,
    phone: phoneForCustomer(lead.phone),
    birth_date: input.birth_date ?? null,
    address: input.address ?? null,
    acquisition_channel: lead.origin,
  };
  let customerId: string;
  if (target) {
    customerId = target.id;
    updateRow(ctx, 'customers', target.id, {
      cpf: target.cpf ?? fields.cpf,
      email: target.email ?? fields.email,
      phone: target.phone ?? fields.phone,
      birth_date: target.birth_date ?? fields.birth_date,
      address: target.address ?? fields.address,
      acquisition_channel: target.acquisition_channel ?? fields.acquisition_channel,
    });
  } else {
    customerId = newId();
    insertRow(ctx, 'customers', {
      id: customerId,
      external_id: null,
      name: lead.name,
      ...fields,
      preferences: null,
      created_at: now,
      updated_at: now,
    });
  }
  updateRow(ctx, 'leads', lead.id, {
    stage: 'convertido',
    customer_id: customerId,
    converted_at: now,
    lost_reason: null,
  });
  recordStageChange(ctx, lead.id, lead.stage, 'convertido', 'convert', null);
  let appointmentId: string | null = null;
  if (input.appointment) {
    // The agenda (issue 11) books the first visit; its refusals roll the conversion back too.
    const booked = bookAppointment(ctx, {
      customer_id: customerId,
      procedure_external_id: input.appointment.procedure_external_id,
      professional_external_id: input.appointment.professional_external_id,
      start: input.appointment.start,
    });
    appointmentId = booked.id;
  }
  return {
    id: lead.id,
    lead_id: lead.id,
    customer_id: customerId,
    customer_created: !target,
    appointment_id: appointmentId,
  };
}
