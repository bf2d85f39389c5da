import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { insertRow, updateRow } from '../sync/outbox';
import type { grantConsentSchema, revokeConsentSchema } from './lgpd.schemas';
import type { ConsentPurpose, ConsentsTable } from './lgpd.tables';
import { requirePerson, type Person } from './person';

/**
 * SQL condition "customer `column` has an active consent for `purpose`" (LGPD art. 7, I and
 * art. 8): for queries that list people for marketing or reminders. `purpose` is one of the two
 * fixed keys, never user text.
 */
export function consentedCustomerSql(purpose: ConsentPurpose, column = 'id'): string {
  return `${column} IN (SELECT customer_id FROM consents WHERE purpose = '${purpose}' AND revoked_at IS NULL AND customer_id IS NOT NULL)`;
}

/** Ids of the customers and of the leads with an active consent for `purpose`. */
export function consentedIds(db: Db, purpose: ConsentPurpose): { customers: Set<string>; leads: Set<string> } {
  const rows = db
    .statement('SELECT customer_id, lead_id FROM consents WHERE purpose = ? AND revoked_at IS NULL')
    .all(purpose) as { customer_id: string | null; lead_id: string | null }[];
  const customers = new Set<string>();
  const leads = new Set<string>();
  for (const r of rows) {
    if (r.customer_id) customers.add(r.customer_id);
    if (r.lead_id) leads.add(r.lead_id);
  }
  return { customers, leads };
}

/** A lead may be reached for `purpose` when it, or the customer it is linked to, consented. */
export function leadConsented(
  consented: { customers: Set<string>; leads: Set<string> },
  lead: { id: string; customer_id: string | null },
): boolean {
  return consented.leads.has(lead.id) || (lead.customer_id !== null && consented.customers.has(lead.customer_id));
}

function activeConsent(db: Db, person: Person, purpose: ConsentPurpose): ConsentsTable | undefined {
  const column = person.kind === 'customer' ? 'customer_id' : 'lead_id';
  return db
    .statement(
      `SELECT * FROM consents WHERE ${column} = ? AND purpose = ? AND revoked_at IS NULL ORDER BY granted_at DESC`,
    )
    .get(person.id, purpose) as ConsentsTable | undefined;
}

/**
 * Records a person's consent for one purpose with the text shown and the channel, now. A
 * consent already active for that purpose is answered as it is (`already: true`, nothing written).
 */
export function grantConsent(ctx: Context, input: z.output<typeof grantConsentSchema>) {
  const person = requirePerson(ctx, input);
  const existing = activeConsent(ctx.db, person, input.purpose);
  if (existing) return { consent: existing, already: true };
  const now = ctx.clock.now().toISOString();
  const row: ConsentsTable = {
    id: newId(),
    customer_id: person.kind === 'customer' ? person.id : null,
    lead_id: person.kind === 'lead' ? person.id : null,
    purpose: input.purpose,
    text_shown: input.text_shown,
    channel: input.channel,
    granted_at: now,
    revoked_at: null,
    revoked_by: null,
    created_by: ctx.session.userId,
    created_at: now,
    updated_at: now,
  };
  insertRow(ctx, 'consents', row);
  return { consent: row, already: false };
}

/** Revokes a person's active consent for a purpose (`consent_not_found` when there is none). */
export function revokeConsent(ctx: Context, input: z.output<typeof revokeConsentSchema>) {
  const person = requirePerson(ctx, input);
  const existing = activeConsent(ctx.db, person, input.purpose);
  if (!existing) {
    throw new AppError(
      'consent_not_found',
      `no active ${input.purpose} consent for ${person.kind} ${person.id}`,
      'Esta pessoa não tem consentimento ativo para esta finalidade.',
    );
  }
  const now = ctx.clock.now().toISOString();
  updateRow(ctx, 'consents', existing.id, { revoked_at: now, revoked_by: ctx.session.userId });
  return { consent: { ...existing, revoked_at: now, revoked_by: ctx.session.userId } };
}

/** Every consent of a person, newest first (history: revoked ones stay), and the current state per purpose. */
export function listConsents(ctx: Context, ref: Parameters<typeof requirePerson>[1]) {
  const person = requirePerson(ctx, ref);
  const column = person.kind === 'customer' ? 'customer_id' : 'lead_id';
  const history = ctx.db
    .statement(`SELECT * FROM consents WHERE ${column} = ? ORDER BY granted_at DESC, id DESC`)
    .all(person.id) as ConsentsTable[];
  const active = (purpose: ConsentPurpose) => history.some((c) => c.purpose === purpose && c.revoked_at === null);
  return { person, current: { marketing: active('marketing'), lembretes: active('lembretes') }, history };
}
