import { sql, type Expression, type SqlBool } from 'kysely';
import type { Context } from '../contract/context';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import type { LeadStage } from './leads.tables';

export type LeadRow = ReturnType<typeof findLead> & {};

export function findLead(db: Db, id: string) {
  return db.first(db.q.selectFrom('leads').selectAll().where('id', '=', id));
}

export function findLeadByExternalId(db: Db, externalId: string) {
  return db.first(db.q.selectFrom('leads').selectAll().where('external_id', '=', externalId));
}

/** The lead, or `unknown_lead`. A lead merged into another answers with the other's id in details. */
export function requireLead(ctx: Context, id: string): NonNullable<LeadRow> {
  const lead = findLead(ctx.db, id);
  if (!lead) throw new AppError('unknown_lead', `Unknown lead ${id}`, 'Lead não encontrado.', { lead_id: id });
  return lead;
}

/** Customers keep phones as national digits (11987654321); leads as E.164. */
export function nationalDigits(e164: string | null | undefined): string | null {
  return e164?.startsWith('+55') ? e164.slice(3) : null;
}

// Two statements per check (SQLite's OR optimisation uses both partial indexes); the import runs
// it for every row.
const OPEN_LEADS = `SELECT id, name, stage, phone FROM leads WHERE (phone = @phone OR email = @email) AND merged_into IS NULL
  AND stage IN ('novo','contatado','interessado','agendado') AND id <> @except ORDER BY created_at, id LIMIT 10`;
const CUSTOMERS = `SELECT id, name, phone FROM customers WHERE phone = @phone OR email = @email ORDER BY created_at, id LIMIT 10`;

export interface Duplicates {
  leads: { id: string; name: string; stage: LeadStage; by: 'phone' | 'email' }[];
  customers: { id: string; name: string; by: 'phone' | 'email' }[];
}

/**
 * Open leads (not merged) and customers with the same phone or e-mail (both stored normalized:
 * E.164 / national digits, lower case). `exceptId` leaves the lead itself out. Prepared
 * statements: the import runs this for every row.
 */
export function findDuplicates(
  db: Db,
  phone: string | null | undefined,
  email: string | null | undefined,
  exceptId = '',
): Duplicates {
  const out: Duplicates = { leads: [], customers: [] };
  if (!phone && !email) return out;
  const national = nationalDigits(phone);
  const leads = db.statement(OPEN_LEADS).all({ phone: phone ?? null, email: email ?? null, except: exceptId }) as {
    id: string;
    name: string;
    stage: LeadStage;
    phone: string | null;
  }[];
  for (const l of leads)
    out.leads.push({ id: l.id, name: l.name, stage: l.stage, by: phone && l.phone === phone ? 'phone' : 'email' });
  if (national || email) {
    const customers = db.statement(CUSTOMERS).all({ phone: national, email: email ?? null }) as {
      id: string;
      name: string;
      phone: string | null;
    }[];
    for (const c of customers)
      out.customers.push({ id: c.id, name: c.name, by: national && c.phone === national ? 'phone' : 'email' });
  }
  return out;
}

export interface LeadFilter {
  stage?: LeadStage | undefined;
  origin?: string | undefined;
  owner_id?: string | undefined;
  tag?: string | undefined;
  /** UTC ISO bounds of created_at. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  query?: string | undefined;
}

/** The filters as conditions on `leads as l` (merged leads never listed). */
export function leadConditions(f: LeadFilter): Expression<SqlBool> {
  return sql<SqlBool>`${sql.join(
    [
      sql`l.merged_into IS NULL`,
      ...(f.stage ? [sql`l.stage = ${f.stage}`] : []),
      ...(f.origin ? [sql`l.origin = ${f.origin}`] : []),
      ...(f.owner_id ? [sql`l.owner_id = ${f.owner_id}`] : []),
      ...(f.tag ? [sql`EXISTS (SELECT 1 FROM json_each(l.tags) t WHERE t.value = ${f.tag})`] : []),
      ...(f.createdFrom ? [sql`l.created_at >= ${f.createdFrom}`] : []),
      ...(f.createdTo ? [sql`l.created_at < ${f.createdTo}`] : []),
      ...(f.query
        ? [
            sql`(l.name LIKE ${`%${f.query}%`} OR l.email LIKE ${`%${f.query.toLowerCase()}%`} OR l.phone LIKE ${`%${f.query.replace(/\D/g, '') || f.query}%`})`,
          ]
        : []),
    ],
    sql` AND `,
  )}`;
}

const LIST_COLUMNS = [
  'l.id',
  'l.external_id',
  'l.name',
  'l.phone',
  'l.email',
  'l.origin',
  'l.interest',
  'l.owner_id',
  'u.name as owner_name',
  'l.tags',
  'l.utm_source',
  'l.utm_medium',
  'l.utm_campaign',
  'l.stage',
  'l.lost_reason',
  'l.bant_score',
  'l.customer_id',
  'l.created_at',
  'l.updated_at',
] as const;

/** A page of leads, newest first, with the owner's name. */
export function listLeadRows(db: Db, f: LeadFilter, limit: number, offset: number) {
  return db.all(
    db.q
      .selectFrom('leads as l')
      .leftJoin('users as u', 'u.id', 'l.owner_id')
      .select(LIST_COLUMNS)
      .where(leadConditions(f))
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(limit)
      .offset(offset),
  );
}

export function countLeads(db: Db, f: LeadFilter): number {
  const row = db.first(
    db.q
      .selectFrom('leads as l')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(leadConditions(f)),
  );
  return Number(row?.n ?? 0);
}

/** The lead and every lead merged into it, directly or through another merged lead. */
export function mergedFamily(db: Db, id: string): string[] {
  const rows = db.raw
    .prepare(
      `WITH RECURSIVE fam(id) AS (SELECT ? UNION SELECT l.id FROM leads l JOIN fam ON l.merged_into = fam.id) SELECT id FROM fam`,
    )
    .pluck()
    .all(id) as string[];
  return rows;
}

export function stageHistory(db: Db, leadIds: string[]) {
  return db.all(
    db.q
      .selectFrom('lead_stage_changes as h')
      .leftJoin('users as u', 'u.id', 'h.user_id')
      .select([
        'h.id',
        'h.lead_id',
        'h.from_stage',
        'h.to_stage',
        'h.kind',
        'h.reason',
        'h.user_id',
        'u.name as user_name',
        'h.occurred_at',
      ])
      .where('h.lead_id', 'in', leadIds)
      .orderBy('h.occurred_at')
      .orderBy('h.id'),
  );
}

export function leadActivities(db: Db, leadId: string) {
  return db.all(
    db.q
      .selectFrom('lead_activities as a')
      .leftJoin('users as u', 'u.id', 'a.assigned_to')
      .select([
        'a.id',
        'a.lead_id',
        'a.kind',
        'a.body',
        'a.due_at',
        'a.done',
        'a.done_at',
        'a.assigned_to',
        'u.name as assigned_name',
        'a.created_by',
        'a.created_at',
      ])
      .where('a.lead_id', '=', leadId)
      .orderBy('a.created_at')
      .orderBy('a.id'),
  );
}

/** Open tasks due before `now`, per assignee, oldest first; `userId` narrows to one user. */
export function overdueTasks(db: Db, now: string, userId: string | undefined) {
  let q = db.q
    .selectFrom('lead_activities as a')
    .innerJoin('leads as l', 'l.id', 'a.lead_id')
    .leftJoin('users as u', 'u.id', 'a.assigned_to')
    .select([
      'a.id',
      'a.lead_id',
      'l.name as lead_name',
      'a.body',
      'a.due_at',
      'a.assigned_to',
      'u.name as assigned_name',
    ])
    .where('a.kind', '=', 'task')
    .where('a.done', '=', 0)
    .where('a.due_at', '<', now)
    .orderBy('a.due_at')
    .limit(500);
  if (userId) q = q.where('a.assigned_to', '=', userId);
  return db.all(q);
}
