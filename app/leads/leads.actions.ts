import { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { BOUNDS, cpfSchema, identifier, line, nameText, optionalLine, text } from '../contract/schemas';
import { findCustomerByExternalId } from '../customers/customer.queries';
import { readLeadConfig, requireOrigin } from './leads.config';
import { convertLead } from './leads.convert';
import { findLeadByExternalId } from './leads.queries';
import { leadEmail, leadPhone } from './leads.schemas';
import { insertLead, moveLead } from './leads.service';
import { LEAD_STAGES } from './leads.tables';
import { updateRow } from '../sync/outbox';

/** `upsert_lead` (issue 12's unified action): by external id; `created_at` only when creating. */
export const upsertLeadActionSchema = z.object({
  external_id: identifier(),
  name: nameText(),
  phone: leadPhone,
  email: leadEmail,
  origin: line(60).min(1, { message: 'Informe a origem.' }),
  interest: optionalLine(200),
  created_at: z.iso.datetime({ offset: true, message: 'Data e hora inválidas.' }).max(40).optional(),
});

export const moveLeadActionSchema = z.object({
  external_id: identifier(),
  stage: z.enum(LEAD_STAGES, { message: 'Etapa desconhecida.' }),
  reason: text(BOUNDS.textChars).optional(),
});

export const convertLeadActionSchema = z.object({
  external_id: identifier(),
  customer_external_id: identifier().optional(),
  cpf: cpfSchema.optional(),
});

function requireLeadByExternal(ctx: Context, externalId: string) {
  const lead = findLeadByExternalId(ctx.db, externalId);
  if (!lead) {
    throw new AppError('unknown_lead', `Unknown lead ${externalId}`, `Lead não encontrado: ${externalId}.`, {
      external_id: externalId,
    });
  }
  return lead;
}

/** Creates the lead, or updates the given fields of the one with this external id. */
export function upsertLeadAction(ctx: Context, input: z.output<typeof upsertLeadActionSchema>) {
  const origin = requireOrigin(readLeadConfig(ctx.db).origins, input.origin);
  const existing = findLeadByExternalId(ctx.db, input.external_id);
  if (existing) {
    updateRow(ctx, 'leads', existing.id, {
      name: input.name,
      phone: input.phone,
      email: input.email,
      origin,
      interest: input.interest,
    });
    return { id: existing.id, created: false };
  }
  const created_at = input.created_at ? new Date(input.created_at).toISOString() : undefined;
  return { id: insertLead(ctx, { ...input, origin, created_at }), created: true };
}

/** Moves the lead forward (or to perdido with a reason); going back is refused (reopen on screen). */
export function moveLeadAction(ctx: Context, input: z.output<typeof moveLeadActionSchema>) {
  const lead = requireLeadByExternal(ctx, input.external_id);
  return moveLead(ctx, { lead_id: lead.id, stage: input.stage, reason: input.reason });
}

/** Converts the lead, to the customer with `customer_external_id` when given; twice is `already_converted`. */
export function convertLeadAction(ctx: Context, input: z.output<typeof convertLeadActionSchema>) {
  const lead = requireLeadByExternal(ctx, input.external_id);
  let customerId: string | undefined;
  if (input.customer_external_id) {
    const customer = findCustomerByExternalId(ctx.db, input.customer_external_id);
    if (!customer) {
      throw new AppError(
        'unknown_customer',
        `Unknown customer ${input.customer_external_id}`,
        'Cliente não encontrado.',
        {
          external_id: input.customer_external_id,
        },
      );
    }
    customerId = customer.id;
  }
  return convertLead(ctx, { lead_id: lead.id, customer_id: customerId, cpf: input.cpf ?? null });
}

/** The leads entries of `sales.apply` (the unified actions), spread into its action table. */
export const leadActions = {
  upsert_lead: { schema: upsertLeadActionSchema, run: upsertLeadAction },
  move_lead: { schema: moveLeadActionSchema, run: moveLeadAction },
  convert_lead: { schema: convertLeadActionSchema, run: convertLeadAction },
};
