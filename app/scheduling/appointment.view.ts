import type { z } from 'zod';
import type { Context } from '../contract/context';
import type { Db } from '../db/db';
import { ownProfessionalOnly } from './agenda.access';
import { jsonList, requireAppointment, requireProfessional, type AppointmentRow } from './scheduling.queries';
import type { agendaListSchema } from './scheduling.schemas';
import type { AppointmentStatus } from './scheduling.tables';
import { addDays, isoInZone, localToMs, storeZone } from './zone';

/** One appointment as every agenda read returns it; times as ISO-8601 with the store's offset. */
export interface AppointmentView {
  id: string;
  external_id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  busy_until: string;
  customer_id: string;
  customer_external_id: string | null;
  patient: string;
  phone: string | null;
  procedure_id: string;
  procedure_external_id: string | null;
  procedure: string;
  price_cents: number;
  professional_id: string;
  professional_external_id: string;
  professional: string;
  resource_ids: string[];
  cancel_reason: string | null;
  cancelled_by: 'clinica' | 'paciente' | null;
  late_cancel: boolean;
  sale_id: string | null;
  covered_by_package: boolean;
  reminder_sent_at: string | null;
}

function viewQuery(db: Db) {
  return db.q
    .selectFrom('appointments as a')
    .innerJoin('customers as cu', 'cu.id', 'a.customer_id')
    .innerJoin('products as pr', 'pr.id', 'a.product_id')
    .innerJoin('professionals as p', 'p.id', 'a.professional_id')
    .innerJoin('salespeople as s', 's.id', 'p.salesperson_id')
    .selectAll('a')
    .select([
      'cu.external_id as customer_external_id',
      'cu.name as patient',
      'cu.phone',
      'pr.external_id as procedure_external_id',
      'pr.name as procedure',
      'p.external_id as professional_external_id',
      's.name as professional',
      (eb) =>
        eb
          .selectFrom('variants as v')
          .select('v.price_cents')
          .whereRef('v.product_id', '=', 'a.product_id')
          .orderBy('v.created_at')
          .limit(1)
          .as('price_cents'),
    ]);
}

type ViewRow = AppointmentRow & {
  customer_external_id: string | null;
  patient: string;
  phone: string | null;
  procedure_external_id: string | null;
  procedure: string;
  professional_external_id: string;
  professional: string;
  price_cents: number | null;
};

function toView(r: ViewRow, zone: string): AppointmentView {
  return {
    id: r.id,
    external_id: r.external_id,
    status: r.status,
    start: isoInZone(Date.parse(r.starts_at), zone),
    end: isoInZone(Date.parse(r.ends_at), zone),
    busy_until: isoInZone(Date.parse(r.busy_until), zone),
    customer_id: r.customer_id,
    customer_external_id: r.customer_external_id,
    patient: r.patient,
    phone: r.phone,
    procedure_id: r.product_id,
    procedure_external_id: r.procedure_external_id,
    procedure: r.procedure,
    price_cents: r.price_cents ?? 0,
    professional_id: r.professional_id,
    professional_external_id: r.professional_external_id,
    professional: r.professional,
    resource_ids: jsonList<string>(r.resource_ids),
    cancel_reason: r.cancel_reason,
    cancelled_by: r.cancelled_by,
    late_cancel: r.late_cancel === 1,
    sale_id: r.sale_id,
    covered_by_package: r.package_purchase_id !== null,
    reminder_sent_at: r.reminder_sent_at,
  };
}

export function appointmentView(ctx: Context, row: AppointmentRow): AppointmentView {
  const full = ctx.db.first(viewQuery(ctx.db).where('a.id', '=', row.id)) as ViewRow;
  return toView(full, storeZone(ctx));
}

/**
 * Appointments starting on local dates [from, to] (to defaults to from), all statuses, by start;
 * one professional's when named. A `professional` user gets only their own agenda.
 */
export function listAgenda(ctx: Context, input: z.output<typeof agendaListSchema>): AppointmentView[] {
  const zone = storeZone(ctx);
  const fromIso = new Date(localToMs(input.from, 0, zone)).toISOString();
  const toIso = new Date(localToMs(addDays(input.to ?? input.from, 1), 0, zone)).toISOString();
  let q = viewQuery(ctx.db).where('a.starts_at', '>=', fromIso).where('a.starts_at', '<', toIso);
  if (input.professional_external_id) {
    q = q.where('a.professional_id', '=', requireProfessional(ctx, input.professional_external_id).id);
  }
  if (ownProfessionalOnly(ctx)) q = q.where('s.user_id', '=', ctx.session.userId ?? '');
  return (ctx.db.all(q.orderBy('a.starts_at').orderBy('a.id').limit(5000)) as ViewRow[]).map((r) => toView(r, zone));
}

/** A patient's appointments, newest first (the customer detail). */
export function customerAppointments(ctx: Context, customerId: string): AppointmentView[] {
  const zone = storeZone(ctx);
  let q = viewQuery(ctx.db).where('a.customer_id', '=', customerId);
  if (ownProfessionalOnly(ctx)) q = q.where('s.user_id', '=', ctx.session.userId ?? '');
  return (ctx.db.all(q.orderBy('a.starts_at', 'desc').limit(200)) as ViewRow[]).map((r) => toView(r, zone));
}

/** Every change of status or time of one appointment, oldest first, with who and when. */
export function appointmentHistory(ctx: Context, externalId: string) {
  const row = requireAppointment(ctx, externalId);
  const zone = storeZone(ctx);
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('appointment_history as h')
      .leftJoin('users as u', 'u.id', 'h.user_id')
      .selectAll('h')
      .select('u.name as user_name')
      .where('h.appointment_id', '=', row.id)
      .orderBy('h.occurred_at')
      .orderBy('h.id'),
  );
  return rows.map((h) => ({
    kind: h.kind,
    from_status: h.from_status,
    to_status: h.to_status,
    old_start: h.old_starts_at ? isoInZone(Date.parse(h.old_starts_at), zone) : null,
    new_start: h.new_starts_at ? isoInZone(Date.parse(h.new_starts_at), zone) : null,
    old_professional_id: h.old_professional_id,
    new_professional_id: h.new_professional_id,
    override_codes: jsonList<string>(h.override_codes),
    reason: h.reason,
    user_id: h.user_id,
    user_name: h.user_name,
    occurred_at: h.occurred_at,
  }));
}
