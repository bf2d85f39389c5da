import type { z } from 'zod';
import { checkCredentials } from '../auth/auth.service';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { normalizePhoneBR } from '../br/phone';
import { updateRow, type RecordTable } from '../sync/outbox';
import type { anonymizeSchema } from './lgpd.schemas';
import { requireCustomer } from './person';
import { closeRequest, requireRequest } from './privacy.requests';

/** What replaces a person's data, per table; every other column stays (ids, states, dates, amounts). */
const ERASE = {
  customers: (id: string) => ({
    name: `Titular anonimizado ${id.slice(-6)}`,
    cpf: null,
    email: null,
    phone: null,
    birth_date: null,
    address: null,
    preferences: null,
  }),
  leads: () => ({
    name: 'Lead anonimizado',
    phone: null,
    email: null,
    interest: null,
    notes: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    lost_reason: null,
    bant_answers: '{}',
  }),
  lead_activities: () => ({ body: '' }),
  appointments: () => ({ cancel_reason: null }),
  privacy_requests: () => ({ details: null }),
} as const;

type ErasedTable = keyof typeof ERASE & RecordTable;

/**
 * The columns anonymization replaces or clears, per table. The sync server scrubs the same
 * columns from its history (`sync_log`) of the rows an anonymization names (sync-server/push/erasure.ts).
 */
export const ERASED_COLUMNS: Readonly<Record<ErasedTable, readonly string[]>> = {
  customers: Object.keys(ERASE.customers('')),
  leads: Object.keys(ERASE.leads()),
  lead_activities: Object.keys(ERASE.lead_activities()),
  appointments: Object.keys(ERASE.appointments()),
  privacy_requests: Object.keys(ERASE.privacy_requests()),
};

/**
 * The owner authorises an anonymization: the caller when owner (the CLI's system session is the
 * owner), else the owner's login + PIN in `approval` (`approval_required` / `approval_invalid`).
 * Returns the approver's id (null for the CLI).
 */
function requireOwner(ctx: Context, approval: z.output<typeof anonymizeSchema>['approval']): string | null {
  if (ctx.session.system) return null;
  if (ctx.session.role === 'owner') return ctx.session.userId;
  if (!approval) {
    throw new AppError(
      'approval_required',
      'anonymization needs the owner',
      'A anonimização precisa da aprovação do dono (login e PIN).',
      { role: 'owner', what: 'privacy.anonymize' },
    );
  }
  const approver = checkCredentials(ctx, approval.login, approval.pin);
  if (!approver || approver.role !== 'owner') {
    throw new AppError(
      'approval_invalid',
      `anonymization approval refused for ${approval.login}`,
      'Login ou PIN incorretos, ou o usuário não é o dono.',
    );
  }
  return approver.id;
}

/** The ids of the rows that name the customer, per table. */
function rowsNaming(ctx: Context, customer: { id: string; phone: string | null; email: string | null }) {
  const ids = (sql: string, ...params: unknown[]) =>
    ctx.db
      .statement(sql)
      .pluck()
      .all(...params) as string[];
  const e164 = customer.phone ? (normalizePhoneBR(customer.phone)?.e164 ?? null) : null;
  const leads = ids(
    `SELECT id FROM leads WHERE customer_id = @id OR (@phone IS NOT NULL AND phone = @phone)
       OR (@email IS NOT NULL AND lower(email) = lower(@email))`,
    { id: customer.id, phone: e164, email: customer.email },
  );
  const activities = leads.flatMap((lead) => ids('SELECT id FROM lead_activities WHERE lead_id = ?', lead));
  return {
    customers: [customer.id],
    leads,
    lead_activities: activities,
    appointments: ids('SELECT id FROM appointments WHERE customer_id = ?', customer.id),
    privacy_requests: ids('SELECT id FROM privacy_requests WHERE customer_id = ?', customer.id),
  } satisfies Record<ErasedTable, string[]>;
}

/**
 * Rewrites the outbox entries of the erased rows so the outbox keeps no copy of the old values:
 * each erased column a payload carries takes the row's new value (pending entries then send the
 * anonymized value; pushed ones are history).
 */
function scrubOutbox(ctx: Context, table: ErasedTable, ids: readonly string[]): number {
  const columns = Object.keys(ERASE[table](''));
  let scrubbed = 0;
  const select = ctx.db.statement('SELECT seq, payload FROM sync_outbox WHERE table_name = ? AND row_id = ?');
  const write = ctx.db.statement('UPDATE sync_outbox SET payload = ? WHERE seq = ?');
  for (const id of ids) {
    const current = ctx.db.statement(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown>;
    for (const entry of select.all(table, id) as { seq: number; payload: string }[]) {
      const payload = JSON.parse(entry.payload) as Record<string, unknown>;
      let touched = false;
      for (const c of columns) {
        if (c in payload && payload[c] !== current[c]) {
          payload[c] = current[c];
          touched = true;
        }
      }
      if (touched) {
        write.run(JSON.stringify(payload), entry.seq);
        scrubbed++;
      }
    }
  }
  return scrubbed;
}

/**
 * Free-text reasons on the history facts of the person's appointments and leads (a cancellation
 * or loss reason may name them): facts never change through the outbox, so they are cleared
 * here and in their outbox entries; the central copy of an already pushed fact keeps its reason
 * (see ARCHITECTURE.md, Trust).
 */
function clearFactReasons(
  ctx: Context,
  table: 'appointment_history' | 'lead_stage_changes',
  parent: 'appointment_id' | 'lead_id',
  parents: readonly string[],
): number {
  let cleared = 0;
  for (const id of parents) {
    const facts = ctx.db
      .statement(`SELECT id FROM ${table} WHERE ${parent} = ? AND reason IS NOT NULL`)
      .pluck()
      .all(id) as string[];
    for (const fact of facts) {
      ctx.db.statement(`UPDATE ${table} SET reason = NULL WHERE id = ?`).run(fact);
      ctx.db
        .statement(
          `UPDATE sync_outbox SET payload = json_set(payload, '$.reason', NULL) WHERE table_name = ? AND row_id = ?`,
        )
        .run(table, fact);
      cleared++;
    }
  }
  return cleared;
}

/**
 * `privacy.anonymize` (LGPD art. 18, VI: elimination by anonymization). Replaces or clears the
 * customer's name, CPF, phone, e-mail, address, birth date and preferences, and the personal
 * and free-text fields of every lead (linked, or with the same phone or e-mail), lead activity,
 * appointment and request about the person, through `updateRow` (so it reaches the other
 * desktops and the central database), rewrites the outbox entries that still carried the old
 * values, deletes the clinical notes (local), revokes active consents and rebuilds the customer
 * name index. Sales, items, payments, fiscal data and every amount stay as they were, so
 * totals, RFM, commissions and margins do not change. The audit row masks everything (the
 * tables are personal). Needs the owner (see requireOwner). With `request_id`, closes that
 * elimination request as concluída.
 */
export function anonymizeCustomer(ctx: Context, input: z.output<typeof anonymizeSchema>) {
  const customer = requireCustomer(ctx, input);
  const approvedBy = requireOwner(ctx, input.approval);
  if (input.request_id) requireRequest(ctx, input.request_id);
  ctx.db.raw.pragma('secure_delete = ON');
  try {
    const rows = rowsNaming(ctx, customer);
    const counts: Record<string, number> = {};
    let scrubbed = 0;
    for (const table of Object.keys(rows) as ErasedTable[]) {
      const erase = ERASE[table] as (id: string) => Record<string, unknown>;
      for (const id of rows[table]) updateRow(ctx, table as 'customers', id, erase(id));
      counts[table] = rows[table].length;
      scrubbed += scrubOutbox(ctx, table, rows[table]);
    }
    const now = ctx.clock.now().toISOString();
    const active = ctx.db
      .statement('SELECT id FROM consents WHERE customer_id = ? AND revoked_at IS NULL')
      .pluck()
      .all(customer.id) as string[];
    for (const id of active) updateRow(ctx, 'consents', id, { revoked_at: now, revoked_by: ctx.session.userId });
    const notes = ctx.db.statement('DELETE FROM clinical_notes WHERE customer_id = ?').run(customer.id).changes;
    scrubbed += clearFactReasons(ctx, 'appointment_history', 'appointment_id', rows.appointments);
    scrubbed += clearFactReasons(ctx, 'lead_stage_changes', 'lead_id', rows.leads);
    ctx.db.raw.prepare("INSERT INTO customer_search (customer_search) VALUES ('rebuild')").run();
    if (input.request_id) {
      closeRequest(ctx, {
        request_id: input.request_id,
        status: 'concluida',
        resolution: 'Dados pessoais eliminados por anonimização.',
      });
    }
    return {
      customer_id: customer.id,
      approved_by: approvedBy,
      anonymized: counts,
      consents_revoked: active.length,
      clinical_notes_deleted: notes,
      outbox_entries_scrubbed: scrubbed,
    };
  } finally {
    ctx.db.raw.pragma('secure_delete = OFF');
  }
}
