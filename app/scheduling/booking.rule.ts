import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { dayIntervals, loadExceptions, toInstants, type WeeklyInterval } from './hours';
import { ACTIVE_STATUSES, jsonList, type ProcedureRow, type ProfessionalRow } from './scheduling.queries';
import { DAY_MS, formatHm, msToLocal } from './zone';
import { formatDateBR } from '../br/date-br';

/** A booking as the rule sees it: [startMs, endMs) of work, held until busyUntilMs (end + buffer). */
export interface Candidate {
  /** The appointment being moved (never conflicts with itself). */
  appointmentId?: string;
  professional: ProfessionalRow;
  procedure: ProcedureRow;
  startMs: number;
  endMs: number;
  busyUntilMs: number;
  resourceIds: readonly string[];
}

export type RuleCode = 'procedure_not_offered' | 'outside_working_hours' | 'professional_blocked' | 'schedule_conflict';

export interface Violation {
  code: RuleCode;
  english: string;
  message: string;
  details: Record<string, unknown>;
}

/** Bookings never last longer than this (24 h of procedure + 24 h of buffer): bounds the overlap scan. */
const MAX_HOLD_MS = 2 * DAY_MS;

/**
 * Every way a booking breaks the agenda's rule (issue 11), in this order:
 * `procedure_not_offered` (the professional does not perform it), `outside_working_hours`
 * ([start, end) not inside one working interval of the start's local date, after exceptions),
 * `professional_blocked` ([start, end) overlaps an active block), `schedule_conflict`
 * ([start, end + buffer) overlaps, half-open, the held interval of another booking in any status
 * but `cancelado`/`faltou` of the same professional or of a shared resource; names it).
 */
export function ruleViolations(ctx: Context, c: Candidate, zone: string): Violation[] {
  const out: Violation[] = [];
  const name = c.professional.name;
  if (!jsonList<string>(c.professional.procedure_ids).includes(c.procedure.id)) {
    out.push({
      code: 'procedure_not_offered',
      english: `Professional ${c.professional.external_id} does not perform ${c.procedure.name}`,
      message: `${name} não realiza ${c.procedure.name}.`,
      details: { professional_external_id: c.professional.external_id, procedure: c.procedure.name },
    });
  }
  if (!insideWorkingHours(ctx, c, zone)) {
    const local = msToLocal(c.startMs, zone);
    out.push({
      code: 'outside_working_hours',
      english: `Outside the working hours of ${c.professional.external_id}`,
      message: `Fora do horário de atendimento de ${name} em ${formatDateBR(local.date)} às ${formatHm(local.minute)}.`,
      details: { professional_external_id: c.professional.external_id },
    });
  }
  const block = ctx.db.first(
    ctx.db.q
      .selectFrom('schedule_blocks')
      .select(['id', 'reason', 'starts_at', 'ends_at'])
      .where('professional_id', '=', c.professional.id)
      .where('active', '=', 1)
      .where('starts_at', '<', iso(c.endMs))
      .where('ends_at', '>', iso(c.startMs)),
  );
  if (block) {
    out.push({
      code: 'professional_blocked',
      english: `Professional ${c.professional.external_id} is blocked (${block.id})`,
      message: `${name} está bloqueado(a) nesse horário: ${block.reason}.`,
      details: { block_id: block.id, reason: block.reason },
    });
  }
  const conflict = findConflict(ctx, c);
  if (conflict) {
    const local = msToLocal(Date.parse(conflict.starts_at), zone);
    const shared = conflict.professional_id === c.professional.id ? name : 'o mesmo recurso';
    out.push({
      code: 'schedule_conflict',
      english: `Overlaps appointment ${conflict.external_id}`,
      message: `Horário ocupado: conflita com o agendamento de ${conflict.patient} (${conflict.procedure}) às ${formatHm(local.minute)} — ${shared}.`,
      details: {
        appointment_external_id: conflict.external_id,
        appointment_id: conflict.id,
        starts_at: conflict.starts_at,
        patient: conflict.patient,
      },
    });
  }
  return out;
}

/** Throws the first violation unless the caller overrides; returns the codes overridden. */
export function enforceRule(ctx: Context, c: Candidate, zone: string, override: boolean): RuleCode[] {
  const found = ruleViolations(ctx, c, zone);
  if (found.length === 0) return [];
  if (override) return found.map((v) => v.code);
  const first = found[0]!;
  throw new AppError(first.code, first.english, first.message, {
    ...first.details,
    codes: found.map((v) => v.code),
  });
}

function insideWorkingHours(ctx: Context, c: Candidate, zone: string): boolean {
  const { date } = msToLocal(c.startMs, zone);
  const exceptions = loadExceptions(ctx.db, [c.professional.id], date, date);
  const weekly = jsonList<WeeklyInterval>(c.professional.working_hours);
  const intervals = toInstants(dayIntervals(weekly, exceptions.get(`${c.professional.id}|${date}`), date), date, zone);
  return intervals.some(([s, e]) => s <= c.startMs && c.endMs <= e);
}

function findConflict(ctx: Context, c: Candidate) {
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('appointments as a')
      .innerJoin('customers as cu', 'cu.id', 'a.customer_id')
      .innerJoin('products as pr', 'pr.id', 'a.product_id')
      .select([
        'a.id',
        'a.external_id',
        'a.professional_id',
        'a.starts_at',
        'a.resource_ids',
        'cu.name as patient',
        'pr.name as procedure',
      ])
      .where('a.status', 'in', ACTIVE_STATUSES)
      .where('a.starts_at', '>=', iso(c.startMs - MAX_HOLD_MS))
      .where('a.starts_at', '<', iso(c.busyUntilMs))
      .where('a.busy_until', '>', iso(c.startMs))
      .orderBy('a.starts_at'),
  );
  return rows.find(
    (r) =>
      r.id !== c.appointmentId &&
      (r.professional_id === c.professional.id ||
        jsonList<string>(r.resource_ids).some((id) => c.resourceIds.includes(id))),
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
