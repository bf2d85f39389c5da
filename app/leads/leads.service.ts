import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow, updateRow } from '../sync/outbox';
import { findCustomerById } from '../customers/customer.queries';
import { bantScore, readLeadConfig, requireOrigin } from './leads.config';
import { checkMove, checkReopen, isOpen } from './leads.funnel';
import {
  countLeads,
  findDuplicates,
  leadActivities,
  listLeadRows,
  mergedFamily,
  overdueTasks,
  requireLead,
  stageHistory,
  type Duplicates,
  type LeadFilter,
} from './leads.queries';
import type {
  activityDoneSchema,
  addActivitySchema,
  linkLeadSchema,
  ListLeadsInput,
  mergeLeadSchema,
  moveLeadSchema,
  reopenLeadSchema,
  scoreLeadSchema,
  UpsertLeadInput,
} from './leads.schemas';
import type { LeadStage, StageChangeKind } from './leads.tables';
import { dayBound, leadZone } from './leads.time';

/** Appends one stage change (fact) with the session's user. */
export function recordStageChange(
  ctx: Context,
  leadId: string,
  from: LeadStage | null,
  to: LeadStage,
  kind: StageChangeKind,
  reason: string | null,
  occurredAt?: string,
): void {
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'lead_stage_changes', {
    id: newId(),
    lead_id: leadId,
    from_stage: from,
    to_stage: to,
    kind,
    reason,
    user_id: ctx.session.userId,
    occurred_at: occurredAt ?? now,
    created_at: now,
  });
}

function requireUser(ctx: Context, id: string): void {
  const user = ctx.db.first(ctx.db.q.selectFrom('users').select('id').where('id', '=', id).where('active', '=', 1));
  if (!user) {
    throw new AppError('unknown_user', `Unknown user ${id}`, 'Responsável não encontrado ou inativo.', { user_id: id });
  }
}

export interface NewLead {
  external_id?: string | null | undefined;
  name: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  /** An active origin key (checked by the caller). */
  origin: string;
  interest?: string | null | undefined;
  notes?: string | null | undefined;
  owner_id?: string | null | undefined;
  tags?: readonly string[] | undefined;
  utm_source?: string | null | undefined;
  utm_medium?: string | null | undefined;
  utm_campaign?: string | null | undefined;
  customer_id?: string | null | undefined;
  created_at?: string | undefined;
}

/** Inserts a lead in `novo` (through the outbox); returns its id. No checks: callers validate. */
export function insertLead(ctx: Context, lead: NewLead): string {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'leads', {
    id,
    external_id: lead.external_id ?? null,
    name: lead.name,
    phone: lead.phone ?? null,
    email: lead.email ?? null,
    origin: lead.origin,
    interest: lead.interest ?? null,
    notes: lead.notes ?? null,
    owner_id: lead.owner_id ?? null,
    tags: JSON.stringify(lead.tags ?? []),
    utm_source: lead.utm_source ?? null,
    utm_medium: lead.utm_medium ?? null,
    utm_campaign: lead.utm_campaign ?? null,
    customer_id: lead.customer_id ?? null,
    created_by: ctx.session.userId,
    created_at: lead.created_at ?? now,
    updated_at: now,
  });
  return id;
}

/**
 * Creates a lead (no `id`) or changes the given fields of one. The phone arrives in E.164 and the
 * e-mail in lower case (the schema). Returns the open leads and customers it duplicates, so the
 * screen can offer to link or merge; a duplicate is flagged, not refused.
 * Errors: `unknown_lead`, `unknown_origin`, `unknown_user`, `external_id_taken`.
 */
export function upsertLead(
  ctx: Context,
  input: UpsertLeadInput,
): { id: string; created: boolean; duplicates: Duplicates } {
  const config = readLeadConfig(ctx.db);
  const origin = requireOrigin(config.origins, input.origin);
  if (input.owner_id) requireUser(ctx, input.owner_id);
  if (input.external_id) {
    const taken = ctx.db.first(ctx.db.q.selectFrom('leads').select('id').where('external_id', '=', input.external_id));
    if (taken && taken.id !== input.id) {
      throw new AppError(
        'external_id_taken',
        `External id ${input.external_id} taken`,
        'Já existe um lead com este código.',
        {
          lead_id: taken.id,
        },
      );
    }
  }
  if (input.id) {
    const lead = requireLead(ctx, input.id);
    updateRow(ctx, 'leads', lead.id, {
      external_id: input.external_id,
      name: input.name,
      phone: input.phone,
      email: input.email,
      origin,
      interest: input.interest,
      notes: input.notes,
      owner_id: input.owner_id,
      tags: input.tags ? JSON.stringify(input.tags) : undefined,
      utm_source: input.utm_source,
      utm_medium: input.utm_medium,
      utm_campaign: input.utm_campaign,
    });
    return { id: lead.id, created: false, duplicates: findDuplicates(ctx.db, input.phone, input.email, lead.id) };
  }
  const duplicates = findDuplicates(ctx.db, input.phone, input.email);
  const id = insertLead(ctx, { ...input, origin, owner_id: input.owner_id ?? ctx.session.userId });
  return { id, created: true, duplicates };
}

/** Moves a lead forward (or to perdido with a reason); the same stage changes nothing. */
export function moveLead(ctx: Context, input: z.output<typeof moveLeadSchema>, occurredAt?: string) {
  const lead = requireLead(ctx, input.lead_id);
  if (lead.merged_into) throw mergedError(lead.merged_into);
  if (lead.stage === input.stage) return { id: lead.id, stage: lead.stage, changed: false };
  const reason = checkMove(lead.stage, input.stage, input.reason);
  updateRow(ctx, 'leads', lead.id, { stage: input.stage, lost_reason: reason });
  recordStageChange(ctx, lead.id, lead.stage, input.stage, 'move', reason, occurredAt);
  return { id: lead.id, stage: input.stage, changed: true };
}

/** Takes a lead back: a lost one to any open stage, an open one to an earlier stage (recorded). */
export function reopenLead(ctx: Context, input: z.output<typeof reopenLeadSchema>) {
  const lead = requireLead(ctx, input.lead_id);
  if (lead.merged_into) throw mergedError(lead.merged_into);
  checkReopen(lead.stage, input.stage);
  updateRow(ctx, 'leads', lead.id, { stage: input.stage, lost_reason: null });
  recordStageChange(ctx, lead.id, lead.stage, input.stage, 'reopen', input.reason?.trim() || null);
  return { id: lead.id, stage: input.stage, changed: true };
}

function mergedError(into: string): AppError {
  return new AppError('lead_merged', 'Lead was merged into another', 'Este lead foi unido a outro.', {
    into_lead_id: into,
  });
}

/** Adds a note, call, message or task; a task is assigned to the lead's owner unless told. */
export function addActivity(ctx: Context, input: z.output<typeof addActivitySchema>): { id: string } {
  const lead = requireLead(ctx, input.lead_id);
  if (input.kind !== 'task' && input.due_at) {
    throw new AppError('due_only_for_tasks', 'Only tasks have a due date', 'Só tarefas têm prazo.');
  }
  if (input.assigned_to) requireUser(ctx, input.assigned_to);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'lead_activities', {
    id,
    lead_id: lead.merged_into ?? lead.id,
    kind: input.kind,
    body: input.body,
    due_at: input.due_at ? new Date(input.due_at).toISOString() : null,
    assigned_to: input.kind === 'task' ? (input.assigned_to ?? lead.owner_id ?? ctx.session.userId) : null,
    created_by: ctx.session.userId,
    created_at: now,
    updated_at: now,
  });
  return { id };
}

/** Marks a task done (or not done again). */
export function setActivityDone(
  ctx: Context,
  input: z.output<typeof activityDoneSchema>,
): { id: string; done: boolean } {
  const row = ctx.db.first(
    ctx.db.q.selectFrom('lead_activities').select(['id', 'kind']).where('id', '=', input.activity_id),
  );
  if (!row)
    throw new AppError('unknown_activity', `Unknown activity ${input.activity_id}`, 'Atividade não encontrada.');
  if (row.kind !== 'task') throw new AppError('not_a_task', 'Only tasks are done', 'Só tarefas podem ser concluídas.');
  updateRow(ctx, 'lead_activities', row.id, {
    done: input.done ? 1 : 0,
    done_at: input.done ? ctx.clock.now().toISOString() : null,
  });
  return { id: row.id, done: input.done };
}

/** Open tasks past their due time, of one user or (no user) everyone's. */
export function listOverdue(ctx: Context, userId: string | undefined) {
  return overdueTasks(ctx.db, ctx.clock.now().toISOString(), userId);
}

/** Stores the BANT answers and the score they give under the store's weights. */
export function scoreLead(ctx: Context, input: z.output<typeof scoreLeadSchema>): { id: string; bant_score: number } {
  const lead = requireLead(ctx, input.lead_id);
  const score = bantScore(readLeadConfig(ctx.db).bant, input.answers);
  updateRow(ctx, 'leads', lead.id, { bant_answers: JSON.stringify(input.answers), bant_score: score });
  return { id: lead.id, bant_score: score };
}

/** Links a lead to an existing customer (a duplicate of one); the conversion will use it. */
export function linkLead(ctx: Context, input: z.output<typeof linkLeadSchema>): { id: string; customer_id: string } {
  const lead = requireLead(ctx, input.lead_id);
  if (!findCustomerById(ctx.db, input.customer_id)) {
    throw new AppError('unknown_customer', `Unknown customer ${input.customer_id}`, 'Cliente não encontrado.');
  }
  if (lead.stage === 'convertido' && lead.customer_id !== input.customer_id) {
    throw new AppError('already_converted', 'Lead already converted', 'Este lead já foi convertido em cliente.', {
      customer_id: lead.customer_id,
    });
  }
  updateRow(ctx, 'leads', lead.id, { customer_id: input.customer_id });
  return { id: lead.id, customer_id: input.customer_id };
}

/**
 * Merges a lead into another: its activities move to the target, its history stays (facts) and
 * is shown with the target's; the target keeps its own values and takes the other's where it has
 * none (phone, e-mail, interest, notes, UTM, customer), tags are united. The merged lead leaves
 * lists and counts (`merged_into`). Errors: `unknown_lead`, `merge_self`, `lead_merged`.
 */
export function mergeLeads(ctx: Context, input: z.output<typeof mergeLeadSchema>): { id: string; merged: string } {
  if (input.lead_id === input.into_lead_id) {
    throw new AppError('merge_self', 'Cannot merge a lead into itself', 'Escolha outro lead para unir.');
  }
  const from = requireLead(ctx, input.lead_id);
  const into = requireLead(ctx, input.into_lead_id);
  if (from.merged_into) throw mergedError(from.merged_into);
  if (into.merged_into) throw mergedError(into.merged_into);
  const tags = [...new Set([...(JSON.parse(into.tags) as string[]), ...(JSON.parse(from.tags) as string[])])].slice(
    0,
    20,
  );
  updateRow(ctx, 'leads', into.id, {
    phone: into.phone ?? from.phone,
    email: into.email ?? from.email,
    interest: into.interest ?? from.interest,
    notes: into.notes ?? from.notes,
    utm_source: into.utm_source ?? from.utm_source,
    utm_medium: into.utm_medium ?? from.utm_medium,
    utm_campaign: into.utm_campaign ?? from.utm_campaign,
    customer_id: into.customer_id ?? from.customer_id,
    bant_score: Math.max(into.bant_score, from.bant_score),
    tags: JSON.stringify(tags),
  });
  const activities = ctx.db.all(ctx.db.q.selectFrom('lead_activities').select('id').where('lead_id', '=', from.id));
  for (const a of activities) updateRow(ctx, 'lead_activities', a.id, { lead_id: into.id });
  updateRow(ctx, 'leads', from.id, { merged_into: into.id });
  recordStageChange(ctx, from.id, from.stage, from.stage, 'merge', `Unido ao lead ${into.name}`);
  return { id: into.id, merged: from.id };
}

/** Filters of `leads.list` / `leads.export` as query conditions (days cut in the store's zone). */
export function toFilter(ctx: Context, input: Omit<ListLeadsInput, 'limit' | 'offset'>): LeadFilter {
  const zone = leadZone(ctx);
  return {
    stage: input.stage,
    origin: input.origin,
    owner_id: input.owner_id,
    tag: input.tag,
    query: input.query,
    createdFrom: input.from ? dayBound(zone, input.from, false) : undefined,
    createdTo: input.to ? dayBound(zone, input.to, true) : undefined,
  };
}

/** A page of leads with the total of the filter; tags as a list. */
export function listLeads(ctx: Context, input: ListLeadsInput) {
  const filter = toFilter(ctx, input);
  const rows = listLeadRows(ctx.db, filter, input.limit, input.offset);
  return {
    total: countLeads(ctx.db, filter),
    leads: rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as string[] })),
  };
}

/** One lead: fields, timeline (its history and that of leads merged into it), activities, duplicates. */
export function getLead(ctx: Context, id: string) {
  const lead = requireLead(ctx, id);
  const family = mergedFamily(ctx.db, lead.id);
  const customer = lead.customer_id ? findCustomerById(ctx.db, lead.customer_id) : undefined;
  return {
    ...lead,
    tags: JSON.parse(lead.tags) as string[],
    bant_answers: JSON.parse(lead.bant_answers) as Record<string, string>,
    open: isOpen(lead.stage),
    customer: customer ? { id: customer.id, name: customer.name } : null,
    history: stageHistory(ctx.db, family),
    merged_leads: family.filter((f) => f !== lead.id),
    activities: leadActivities(ctx.db, lead.id),
    duplicates: findDuplicates(ctx.db, lead.phone, lead.email, lead.id),
  };
}
