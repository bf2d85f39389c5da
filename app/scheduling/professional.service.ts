import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { findSalespersonByExternalId } from '../salespeople/salesperson.queries';
import { deviceStoreId } from '../store/store.service';
import { insertRow, updateRow } from '../sync/outbox';
import { findProfessional, findResource, requireProcedure, requireProfessional } from './scheduling.queries';
import type {
  addBlockSchema,
  scheduleExceptionSchema,
  upsertResourceSchema,
  UpsertProfessionalInput,
} from './scheduling.schemas';
import { parseHm } from './zone';

/**
 * Creates or updates a professional: a salesperson flagged as one (the salesperson named by
 * `salesperson_external_id`, else one created with the professional's external id and name, no
 * commission), the procedures performed (product external ids, each a service with a duration)
 * and the weekly hours (ISO weekday 1..7, "HH:MM" intervals; the gap between two is a break).
 */
export function upsertProfessional(ctx: Context, input: UpsertProfessionalInput): { id: string; created: boolean } {
  const now = ctx.clock.now().toISOString();
  const procedureIds = [...new Set(input.procedures.map((p) => requireProcedure(ctx, p).id))];
  const hours = input.working_hours
    .map((w) => ({ weekday: w.weekday, start_minute: parseHm(w.start), end_minute: parseHm(w.end) }))
    .sort((a, b) => a.weekday - b.weekday || a.start_minute - b.start_minute);
  assertNoOverlap(hours);
  const salespersonId = salespersonFor(ctx, input, now);
  const existing = findProfessional(ctx.db, input.external_id);
  const fields = {
    salesperson_id: salespersonId,
    working_hours: JSON.stringify(hours),
    procedure_ids: JSON.stringify(procedureIds),
    active: input.active === undefined ? undefined : Number(input.active),
  };
  if (existing) {
    updateRow(ctx, 'professionals', existing.id, fields);
    return { id: existing.id, created: false };
  }
  const id = newId();
  insertRow(ctx, 'professionals', {
    id,
    external_id: input.external_id,
    ...fields,
    active: Number(input.active ?? true),
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

function salespersonFor(ctx: Context, input: UpsertProfessionalInput, now: string): string {
  if (input.salesperson_external_id) {
    const person = findSalespersonByExternalId(ctx.db, input.salesperson_external_id);
    if (!person) {
      throw new AppError(
        'unknown_salesperson',
        `Unknown salesperson ${input.salesperson_external_id}`,
        `Vendedor desconhecido: ${input.salesperson_external_id}.`,
        { external_id: input.salesperson_external_id },
      );
    }
    return person.id;
  }
  const existing = findProfessional(ctx.db, input.external_id);
  if (existing) {
    updateRow(ctx, 'salespeople', existing.salesperson_id, { name: input.name });
    return existing.salesperson_id;
  }
  const same = findSalespersonByExternalId(ctx.db, input.external_id);
  if (same) return same.id;
  const id = newId();
  insertRow(ctx, 'salespeople', {
    id,
    external_id: input.external_id,
    name: input.name,
    store_id: deviceStoreId(ctx),
    commission_rate_bp: 0,
    monthly_target_cents: 0,
    active: 1,
    created_at: now,
    updated_at: now,
  });
  return id;
}

function assertNoOverlap(hours: readonly { weekday: number; start_minute: number; end_minute: number }[]): void {
  for (let i = 1; i < hours.length; i++) {
    const prev = hours[i - 1]!;
    const cur = hours[i]!;
    if (prev.weekday === cur.weekday && cur.start_minute < prev.end_minute) {
      throw new AppError(
        'overlapping_hours',
        `Working intervals overlap on weekday ${cur.weekday}`,
        'Os intervalos de trabalho de um mesmo dia não podem se sobrepor.',
        { weekday: cur.weekday },
      );
    }
  }
}

/** Creates or renames a resource (a room, a laser). */
export function upsertResource(
  ctx: Context,
  input: z.output<typeof upsertResourceSchema>,
): { id: string; created: boolean } {
  const now = ctx.clock.now().toISOString();
  const existing = findResource(ctx.db, input.external_id);
  const active = input.active === undefined ? undefined : Number(input.active);
  if (existing) {
    updateRow(ctx, 'resources', existing.id, { name: input.name, active });
    return { id: existing.id, created: false };
  }
  const id = newId();
  insertRow(ctx, 'resources', {
    id,
    external_id: input.external_id,
    name: input.name,
    active: active ?? 1,
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

/** Sets one date's intervals for a professional (an empty list is a day off); replaces that date's. */
export function addScheduleException(
  ctx: Context,
  input: z.output<typeof scheduleExceptionSchema>,
): { id: string; created: boolean } {
  const professional = requireProfessional(ctx, input.professional_external_id);
  const intervals = input.intervals
    .map((i) => ({ start_minute: parseHm(i.start), end_minute: parseHm(i.end) }))
    .sort((a, b) => a.start_minute - b.start_minute);
  assertNoOverlap(intervals.map((i) => ({ weekday: 0, ...i })));
  const now = ctx.clock.now().toISOString();
  const existing = ctx.db.first(
    ctx.db.q
      .selectFrom('schedule_exceptions')
      .select('id')
      .where('professional_id', '=', professional.id)
      .where('date', '=', input.date),
  );
  if (existing) {
    updateRow(ctx, 'schedule_exceptions', existing.id, { intervals: JSON.stringify(intervals), active: 1 });
    return { id: existing.id, created: false };
  }
  const id = newId();
  insertRow(ctx, 'schedule_exceptions', {
    id,
    professional_id: professional.id,
    date: input.date,
    intervals: JSON.stringify(intervals),
    active: 1,
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

/** Removes a date's exception: the weekly hours apply again. */
export function removeScheduleException(ctx: Context, id: string): { id: string } {
  updateRow(ctx, 'schedule_exceptions', requireRow(ctx, 'schedule_exceptions', id), { active: 0 });
  return { id };
}

/** Blocks a professional over [start, end) (ISO-8601 with offset) with a reason. */
export function addBlock(ctx: Context, input: z.output<typeof addBlockSchema>): { id: string; created: boolean } {
  const professional = requireProfessional(ctx, input.professional_external_id);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'schedule_blocks', {
    id,
    professional_id: professional.id,
    starts_at: new Date(input.start).toISOString(),
    ends_at: new Date(input.end).toISOString(),
    reason: input.reason,
    active: 1,
    created_by: ctx.session.userId,
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

/** Lifts a block. */
export function removeBlock(ctx: Context, id: string): { id: string } {
  updateRow(ctx, 'schedule_blocks', requireRow(ctx, 'schedule_blocks', id), { active: 0 });
  return { id };
}

function requireRow(ctx: Context, table: 'schedule_blocks' | 'schedule_exceptions', id: string): string {
  const row = ctx.db.first(ctx.db.q.selectFrom(table).select('id').where('id', '=', id));
  if (!row) throw new AppError('not_found', `${table} ${id} not found`, 'Registro não encontrado.', { id });
  return row.id;
}
