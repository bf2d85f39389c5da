import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { addDays, msToLocal, storeZone } from '../scheduling/zone';
import { insertRow, updateRow } from '../sync/outbox';
import type { closeRequestSchema, listRequestsSchema, openRequestSchema } from './lgpd.schemas';
import type { PrivacyRequestsTable } from './lgpd.tables';

type RequestRow = Selectable<PrivacyRequestsTable>;
import { requireCustomer } from './person';

/** LGPD art. 19, II: the complete answer to an access request within 15 days of the request. */
export const REQUEST_DEADLINE_DAYS = 15;

export const REQUEST_LABELS = {
  acesso: 'Acesso',
  portabilidade: 'Portabilidade',
  correcao: 'Correção',
  eliminacao: 'Eliminação',
} as const;

/** Today's date in the store's zone (YYYY-MM-DD). */
export function storeToday(ctx: Context): string {
  return msToLocal(ctx.clock.now().getTime(), storeZone(ctx)).date;
}

/** A request as listed: with the customer's name, days left (negative when late) and `overdue`. */
function withDeadline(row: RequestRow & { customer_name: string }, today: string) {
  const daysLeft = Math.round(
    (Date.parse(`${row.due_date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  return {
    ...row,
    label: REQUEST_LABELS[row.request_type],
    days_left: daysLeft,
    overdue: row.status === 'aberta' && daysLeft < 0,
  };
}

/**
 * Opens a data-subject request for a customer, received now; due on the store's date 15 days
 * later (`due_date`).
 */
export function openRequest(ctx: Context, input: z.output<typeof openRequestSchema>) {
  const customer = requireCustomer(ctx, input);
  const now = ctx.clock.now().toISOString();
  const row = {
    id: newId(),
    customer_id: customer.id,
    request_type: input.request_type,
    status: 'aberta' as const,
    details: input.details ?? null,
    received_at: now,
    due_date: addDays(storeToday(ctx), REQUEST_DEADLINE_DAYS),
    completed_at: null,
    resolution: null,
    created_by: ctx.session.userId,
    completed_by: null,
    created_at: now,
    updated_at: now,
  };
  insertRow(ctx, 'privacy_requests', row);
  return withDeadline({ ...row, customer_name: customer.name }, storeToday(ctx));
}

/** Requests, open ones first by due date, each with days left and the overdue flag. */
export function listRequests(ctx: Context, input: z.output<typeof listRequestsSchema>) {
  const where: string[] = [];
  const params: string[] = [];
  if (input.status) {
    where.push('r.status = ?');
    params.push(input.status);
  }
  if (input.customer_id) {
    where.push('r.customer_id = ?');
    params.push(input.customer_id);
  }
  const rows = ctx.db
    .statement(
      `SELECT r.*, c.name AS customer_name FROM privacy_requests r JOIN customers c ON c.id = r.customer_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.status = 'aberta' DESC, r.due_date, r.received_at LIMIT 1000`,
    )
    .all(...params) as (RequestRow & { customer_name: string })[];
  const today = storeToday(ctx);
  const requests = rows.map((r) => withDeadline(r, today));
  return { today, requests, overdue: requests.filter((r) => r.overdue).length };
}

/** The request, or `unknown_request`. */
export function requireRequest(ctx: Context, id: string): RequestRow {
  const row = ctx.db.statement('SELECT * FROM privacy_requests WHERE id = ?').get(id) as RequestRow | undefined;
  if (!row) throw new AppError('unknown_request', `unknown privacy request ${id}`, 'Solicitação não encontrada.');
  return row;
}

/** Closes an open request as concluída or recusada with the answer given (`request_closed` when it is not open). */
export function closeRequest(ctx: Context, input: z.output<typeof closeRequestSchema>) {
  const row = requireRequest(ctx, input.request_id);
  if (row.status !== 'aberta') {
    throw new AppError(
      'request_closed',
      `privacy request ${row.id} is ${row.status}`,
      'Esta solicitação já foi encerrada.',
    );
  }
  const now = ctx.clock.now().toISOString();
  updateRow(ctx, 'privacy_requests', row.id, {
    status: input.status,
    resolution: input.resolution,
    completed_at: now,
    completed_by: ctx.session.userId,
  });
  return { id: row.id, status: input.status, completed_at: now };
}
