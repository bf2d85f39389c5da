import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { getSetting } from '../settings/settings.queries';
import { findCustomerByExternalId, findCustomerById } from '../customers/customer.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { assertMayOverride, assertOwnAgenda } from './agenda.access';
import { appointmentView, type AppointmentView } from './appointment.view';
import { enforceRule, type RuleCode } from './booking.rule';
import { consumeSessionFor } from './package.ledger';
import {
  findAppointment,
  findProcedureById,
  findProfessionalById,
  jsonList,
  requireAppointment,
  requireProcedure,
  requireProfessional,
  requireResource,
  type AppointmentRow,
} from './scheduling.queries';
import type { BookAppointmentInput, UpdateAppointmentInput } from './scheduling.schemas';
import type { AppointmentStatus } from './scheduling.tables';
import { MINUTE_MS, storeZone } from './zone';

/** The status machine (issue 11): anything else is `invalid_transition`. */
const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  pendente: ['confirmado', 'cancelado', 'faltou'],
  confirmado: ['em_atendimento', 'cancelado', 'faltou'],
  em_atendimento: ['realizado', 'cancelado'],
  realizado: [],
  cancelado: [],
  faltou: [],
};

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  pendente: 'Pendente',
  confirmado: 'Confirmado',
  em_atendimento: 'Em atendimento',
  realizado: 'Realizado',
  cancelado: 'Cancelado',
  faltou: 'Faltou',
};

/** Hours before the start under which a cancellation is late (setting `agenda.cancel_notice_hours`, default 24). */
export function cancelNoticeHours(ctx: Context): number {
  return getSetting<number>(ctx.db, 'agenda.cancel_notice_hours') ?? 24;
}

/**
 * Books a patient: end = start + the procedure's duration, held until end + its buffer_minutes,
 * with the procedure's resources and any named. Refused by the booking rule (`booking.rule.ts`)
 * unless `override` (needs `agenda.override`), which the history records. A repeated
 * `external_id` answers the existing booking as a duplicate.
 */
export function bookAppointment(ctx: Context, input: BookAppointmentInput): AppointmentView & { duplicate?: boolean } {
  if (input.external_id) {
    const existing = findAppointment(ctx.db, input.external_id);
    if (existing) return { ...appointmentView(ctx, existing), duplicate: true };
  }
  const override = assertMayOverride(ctx, input.override);
  const customer = input.customer_id
    ? findCustomerById(ctx.db, input.customer_id)
    : input.customer_external_id
      ? findCustomerByExternalId(ctx.db, input.customer_external_id)
      : undefined;
  if (!customer) {
    throw new AppError('unknown_customer', 'Patient not found', 'Escolha um paciente cadastrado.', {
      customer: input.customer_external_id ?? input.customer_id ?? null,
    });
  }
  const procedure = requireProcedure(ctx, input.procedure_external_id);
  const professional = requireProfessional(ctx, input.professional_external_id);
  assertOwnAgenda(ctx, professional);
  const resourceIds = [
    ...new Set([
      ...jsonList<string>(procedure.resource_ids),
      ...(input.resources ?? []).map((r) => requireResource(ctx, r).id),
    ]),
  ];
  const startMs = Date.parse(input.start);
  const endMs = startMs + procedure.duration_minutes * MINUTE_MS;
  const busyUntilMs = endMs + procedure.buffer_minutes * MINUTE_MS;
  const zone = storeZone(ctx);
  const overridden = enforceRule(
    ctx,
    { professional, procedure, startMs, endMs, busyUntilMs, resourceIds },
    zone,
    override,
  );
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'appointments', {
    id,
    external_id: input.external_id ?? `AG-${id}`,
    customer_id: customer.id,
    product_id: procedure.id,
    professional_id: professional.id,
    starts_at: new Date(startMs).toISOString(),
    ends_at: new Date(endMs).toISOString(),
    busy_until: new Date(busyUntilMs).toISOString(),
    resource_ids: JSON.stringify(resourceIds),
    status: 'pendente',
    cancel_reason: null,
    cancelled_by: null,
    late_cancel: 0,
    sale_id: null,
    package_purchase_id: null,
    reminder_sent_at: null,
    created_by: ctx.session.userId,
    created_at: now,
    updated_at: now,
  });
  recordHistory(
    ctx,
    id,
    {
      kind: 'created',
      to_status: 'pendente',
      new_starts_at: new Date(startMs).toISOString(),
      new_professional_id: professional.id,
    },
    overridden,
  );
  return appointmentView(ctx, requireAppointmentById(ctx, id));
}

/**
 * Changes an appointment: a new start and/or professional (a reschedule, only while `pendente`
 * or `confirmado`, checked by the booking rule; the old times stay in the history), then a new
 * status along the machine. `cancelado` needs a reason and who cancelled (`clinica`/`paciente`)
 * and is flagged late under the notice hours; `faltou` only after the start; `realizado`
 * consumes a session of the patient's package for that procedure when there is one.
 */
export function updateAppointment(ctx: Context, input: UpdateAppointmentInput): AppointmentView {
  const row = requireAppointment(ctx, input.external_id);
  const current = findProfessionalById(ctx.db, row.professional_id);
  if (current) assertOwnAgenda(ctx, current);
  if (input.start !== undefined || input.professional_external_id !== undefined) reschedule(ctx, row, input);
  if (input.status !== undefined && input.status !== row.status)
    changeStatus(ctx, requireAppointmentById(ctx, row.id), input);
  return appointmentView(ctx, requireAppointmentById(ctx, row.id));
}

function reschedule(ctx: Context, row: AppointmentRow, input: UpdateAppointmentInput): void {
  if (row.status !== 'pendente' && row.status !== 'confirmado') {
    throw invalidTransition(row.status, 'reagendado', 'Só agendamentos pendentes ou confirmados podem ser remarcados.');
  }
  const override = assertMayOverride(ctx, input.override);
  const professional = input.professional_external_id
    ? requireProfessional(ctx, input.professional_external_id)
    : findProfessionalById(ctx.db, row.professional_id);
  const procedure = findProcedureById(ctx.db, row.product_id);
  if (!professional || !procedure) throw new Error(`appointment ${row.id} references missing rows`);
  assertOwnAgenda(ctx, professional);
  const startMs = input.start !== undefined ? Date.parse(input.start) : Date.parse(row.starts_at);
  const endMs = startMs + (Date.parse(row.ends_at) - Date.parse(row.starts_at));
  const busyUntilMs = endMs + (Date.parse(row.busy_until) - Date.parse(row.ends_at));
  const resourceIds = jsonList<string>(row.resource_ids);
  const candidate = { appointmentId: row.id, professional, procedure, startMs, endMs, busyUntilMs, resourceIds };
  const overridden = enforceRule(ctx, candidate, storeZone(ctx), override);
  const changed = updateRow(ctx, 'appointments', row.id, {
    professional_id: professional.id,
    starts_at: new Date(startMs).toISOString(),
    ends_at: new Date(endMs).toISOString(),
    busy_until: new Date(busyUntilMs).toISOString(),
  });
  if (changed.length === 0) return;
  recordHistory(
    ctx,
    row.id,
    {
      kind: 'reschedule',
      old_starts_at: row.starts_at,
      new_starts_at: new Date(startMs).toISOString(),
      old_professional_id: row.professional_id,
      new_professional_id: professional.id,
      reason: input.reason ?? null,
    },
    overridden,
  );
}

function changeStatus(ctx: Context, row: AppointmentRow, input: UpdateAppointmentInput): void {
  const to = input.status!;
  if (!TRANSITIONS[row.status].includes(to)) {
    throw invalidTransition(
      row.status,
      to,
      `Não é possível passar de ${STATUS_LABELS[row.status]} para ${STATUS_LABELS[to]}.`,
    );
  }
  const now = ctx.clock.now();
  const changes: Parameters<typeof updateRow<'appointments'>>[3] = { status: to };
  if (to === 'faltou' && now.getTime() < Date.parse(row.starts_at)) {
    throw invalidTransition(row.status, to, 'Falta só pode ser marcada depois do horário marcado.');
  }
  if (to === 'cancelado') {
    if (!input.reason || input.reason.length < 3) {
      throw new AppError(
        'cancel_reason_required',
        'Cancellation without a reason',
        'Informe o motivo do cancelamento.',
      );
    }
    if (!input.cancelled_by) {
      throw new AppError(
        'cancelled_by_required',
        'Cancellation without who cancelled',
        'Informe quem cancelou: clínica ou paciente.',
      );
    }
    const noticeMs = cancelNoticeHours(ctx) * 60 * MINUTE_MS;
    changes.cancel_reason = input.reason;
    changes.cancelled_by = input.cancelled_by;
    changes.late_cancel = Date.parse(row.starts_at) - now.getTime() < noticeMs ? 1 : 0;
  }
  if (to === 'realizado') changes.package_purchase_id = consumeSessionFor(ctx, row);
  updateRow(ctx, 'appointments', row.id, changes);
  recordHistory(
    ctx,
    row.id,
    { kind: 'status', from_status: row.status, to_status: to, reason: input.reason ?? null },
    [],
  );
}

function invalidTransition(from: string, to: string, message: string): AppError {
  return new AppError('invalid_transition', `Transition ${from} -> ${to} refused`, message, { from, to });
}

function requireAppointmentById(ctx: Context, id: string): AppointmentRow {
  const row = ctx.db.first(ctx.db.q.selectFrom('appointments').selectAll().where('id', '=', id));
  if (!row) throw new Error(`appointment ${id} vanished`);
  return row as AppointmentRow;
}

interface HistoryFields {
  kind: 'created' | 'status' | 'reschedule';
  from_status?: string | null;
  to_status?: string | null;
  old_starts_at?: string | null;
  new_starts_at?: string | null;
  old_professional_id?: string | null;
  new_professional_id?: string | null;
  reason?: string | null;
}

function recordHistory(
  ctx: Context,
  appointmentId: string,
  fields: HistoryFields,
  overridden: readonly RuleCode[],
): void {
  insertRow(ctx, 'appointment_history', {
    id: newId(),
    appointment_id: appointmentId,
    kind: fields.kind,
    from_status: fields.from_status ?? null,
    to_status: fields.to_status ?? null,
    old_starts_at: fields.old_starts_at ?? null,
    new_starts_at: fields.new_starts_at ?? null,
    old_professional_id: fields.old_professional_id ?? null,
    new_professional_id: fields.new_professional_id ?? null,
    override_codes: overridden.length > 0 ? JSON.stringify(overridden) : null,
    reason: fields.reason ?? null,
    user_id: ctx.session.userId,
    occurred_at: ctx.clock.now().toISOString(),
  });
}
