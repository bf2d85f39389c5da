import type { Context } from '../contract/context';
import { tableExists } from '../analytics/dashboard';
import { addDays, localDate } from '../analytics/tz';
import { attribution, type AttributionRow } from '../leads/leads.attribution';
import { readLeadConfig } from '../leads/leads.config';
import { dayBound } from '../leads/leads.time';
import { dayIntervals, loadExceptions, type WeeklyInterval } from '../scheduling/hours';
import { jsonList } from '../scheduling/scheduling.queries';
import { STATUS_LABELS } from '../scheduling/appointment.service';
import { homeZone } from './report.store';
import { pctOf } from '../analytics/finance';

export interface ProfessionalAgenda {
  professional: string;
  /** Appointments starting in the period, any status. */
  booked: number;
  realized: number;
  cancelled: number;
  no_shows: number;
  /** Minutes of appointments not cancelled nor missed. */
  booked_minutes: number;
  /** Working minutes of the period (weekly hours, after exceptions). */
  available_minutes: number;
  /** booked_minutes / available_minutes in percent, two decimals (null without hours). */
  occupancy_pct: number | null;
}

export interface AgendaSection {
  booked: number;
  realized: number;
  cancelled: number;
  no_shows: number;
  by_professional: ProfessionalAgenda[];
}

export interface RealizedAppointment {
  /** Local date-time `YYYY-MM-DD HH:MM` in the store's zone. */
  starts_at: string;
  customer: string;
  procedure: string;
  professional: string;
  status: string;
  /** The checkout sale's total (centavos); null when covered by a package or not checked out. */
  amount_cents: number | null;
}

interface AppointmentRow {
  starts_at: string;
  ends_at: string;
  status: string;
  professional_id: string;
  professional: string;
  customer: string;
  procedure: string;
  amount_cents: number | null;
}

/** Local `YYYY-MM-DD HH:MM` of a UTC instant in `zone`. */
export function localDateTime(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function appointmentsOf(ctx: Context, from: string, to: string, zone: string, store: string | null): AppointmentRow[] {
  const rows = ctx.db
    .statement(
      `SELECT a.starts_at, a.ends_at, a.status, a.professional_id, sp.name AS professional, c.name AS customer,
         p.name AS procedure, s.total_cents AS amount_cents
       FROM appointments a JOIN professionals pr ON pr.id = a.professional_id JOIN salespeople sp ON sp.id = pr.salesperson_id
       JOIN customers c ON c.id = a.customer_id JOIN products p ON p.id = a.product_id LEFT JOIN sales s ON s.id = a.sale_id
       WHERE a.starts_at >= ? AND a.starts_at < ? AND (? IS NULL OR sp.store_id = ?) ORDER BY a.starts_at, a.id`,
    )
    .all(
      dayBound(zone, addDays(from, -1), false),
      dayBound(zone, addDays(to, 1), true),
      store,
      store,
    ) as AppointmentRow[];
  return rows.filter((r) => {
    const d = localDate(r.starts_at, zone);
    return d >= from && d <= to;
  });
}

function availableMinutes(
  ctx: Context,
  from: string,
  to: string,
  store: string | null,
): Map<string, { name: string; minutes: number }> {
  const pros = ctx.db
    .statement(
      `SELECT pr.id, sp.name, pr.working_hours FROM professionals pr JOIN salespeople sp ON sp.id = pr.salesperson_id
       WHERE pr.active = 1 AND (? IS NULL OR sp.store_id = ?) ORDER BY sp.name`,
    )
    .all(store, store) as { id: string; name: string; working_hours: string }[];
  const exceptions = loadExceptions(
    ctx.db,
    pros.map((p) => p.id),
    from,
    to,
  );
  const out = new Map<string, { name: string; minutes: number }>();
  for (const p of pros) {
    const weekly = jsonList<WeeklyInterval>(p.working_hours);
    let minutes = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      for (const i of dayIntervals(weekly, exceptions.get(`${p.id}|${d}`), d)) minutes += i.end_minute - i.start_minute;
    }
    out.set(p.id, { name: p.name, minutes });
  }
  return out;
}

/**
 * The agenda of local dates [from, to] (store zone): appointments starting in it by status, per
 * professional with occupancy = minutes booked (not cancelled, not missed) / working minutes;
 * and the realized appointments. With `store` (a `stores` id) only that location's: an
 * appointment belongs to the location of its professional (the professional's salesperson's
 * `store_id`; appointments carry no location of their own). Null when the agenda's tables do
 * not exist.
 */
export function agendaSection(
  ctx: Context,
  from: string,
  to: string,
  store: string | null = null,
): { agenda: AgendaSection; realized: RealizedAppointment[] } | null {
  if (!tableExists(ctx.db, 'appointments')) return null;
  const zone = homeZone(ctx.db);
  const rows = appointmentsOf(ctx, from, to, zone, store);
  const hours = availableMinutes(ctx, from, to, store);
  const per = new Map<string, ProfessionalAgenda>();
  const blank = (name: string, minutes: number): ProfessionalAgenda => ({
    professional: name,
    booked: 0,
    realized: 0,
    cancelled: 0,
    no_shows: 0,
    booked_minutes: 0,
    available_minutes: minutes,
    occupancy_pct: null,
  });
  for (const [id, h] of hours) per.set(id, blank(h.name, h.minutes));
  for (const r of rows) {
    const p = per.get(r.professional_id) ?? blank(r.professional, 0);
    per.set(r.professional_id, p);
    p.booked++;
    if (r.status === 'realizado') p.realized++;
    if (r.status === 'cancelado') p.cancelled++;
    if (r.status === 'faltou') p.no_shows++;
    if (r.status !== 'cancelado' && r.status !== 'faltou') {
      p.booked_minutes += Math.round((Date.parse(r.ends_at) - Date.parse(r.starts_at)) / 60_000);
    }
  }
  const by_professional = [...per.values()]
    .map((p) => ({ ...p, occupancy_pct: pctOf(p.booked_minutes, p.available_minutes) }))
    .sort((a, b) => a.professional.localeCompare(b.professional, 'pt-BR'));
  const sum = (k: 'booked' | 'realized' | 'cancelled' | 'no_shows') => by_professional.reduce((n, p) => n + p[k], 0);
  const realized = rows
    .filter((r) => r.status === 'realizado')
    .map((r) => ({
      starts_at: localDateTime(r.starts_at, zone),
      customer: r.customer,
      procedure: r.procedure,
      professional: r.professional,
      status: STATUS_LABELS.realizado,
      amount_cents: r.amount_cents,
    }));
  return {
    agenda: {
      booked: sum('booked'),
      realized: sum('realized'),
      cancelled: sum('cancelled'),
      no_shows: sum('no_shows'),
      by_professional,
    },
    realized,
  };
}

export interface LeadsSection {
  /** Leads created in the period that reached each stage (or went further), in funnel order. */
  funnel: { stage: string; label: string; count: number }[];
  lost: number;
  attribution: AttributionRow[];
}

const FUNNEL = ['novo', 'contatado', 'interessado', 'agendado', 'convertido'] as const;

/**
 * The leads funnel and attribution by origin of leads created in [from, to]; null without leads
 * tables. Always store-wide: leads have no location (the `leads` table has no store column), so
 * a report of one location says so in this section.
 */
export function leadsSection(ctx: Context, from: string, to: string): LeadsSection | null {
  if (!tableExists(ctx.db, 'leads')) return null;
  const zone = homeZone(ctx.db);
  const rows = ctx.db
    .statement(
      `SELECT l.stage, (SELECT group_concat(h.to_stage) FROM lead_stage_changes h WHERE h.lead_id = l.id) AS reached
       FROM leads l WHERE l.merged_into IS NULL AND l.created_at >= ? AND l.created_at < ?`,
    )
    .all(dayBound(zone, from, false), dayBound(zone, to, true)) as { stage: string; reached: string | null }[];
  const labels = readLeadConfig(ctx.db).stage_labels;
  const rank = (s: string) => FUNNEL.indexOf(s as (typeof FUNNEL)[number]);
  const furthest = rows.map((r) =>
    Math.max(0, rank(r.stage), ...(r.reached ?? '').split(',').filter(Boolean).map(rank)),
  );
  return {
    funnel: FUNNEL.map((stage, i) => ({
      stage,
      label: labels[stage] ?? stage,
      count: furthest.filter((f) => f >= i).length,
    })),
    lost: rows.filter((r) => r.stage === 'perdido').length,
    attribution: attribution(ctx, from, to),
  };
}
