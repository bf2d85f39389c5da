import type { z } from 'zod';
import type { Context } from '../contract/context';
import { getSetting } from '../settings/settings.queries';
import { ownProfessionalOnly, assertOwnAgenda } from './agenda.access';
import { dayIntervals, loadExceptions, toInstants, type WeeklyInterval } from './hours';
import {
  ACTIVE_STATUSES,
  jsonList,
  listProfessionals,
  requireProcedure,
  requireProfessional,
  type ProfessionalRow,
} from './scheduling.queries';
import type { slotsSchema } from './scheduling.schemas';
import { addDays, DAY_MS, formatWithOffset, localToMs, MINUTE_MS, offsetMinutes, storeZone } from './zone';

const BOOKED_SQL = `SELECT professional_id, starts_at, busy_until, resource_ids FROM appointments
  WHERE starts_at >= ? AND starts_at < ? AND status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Slot grid in minutes (setting `agenda.slot_minutes`, default 15). */
export function slotGridMinutes(ctx: Context): number {
  return getSetting<number>(ctx.db, 'agenda.slot_minutes') ?? 15;
}

/** Sorted busy intervals with a running maximum of their ends: "does [a, b) overlap any?" in O(log n). */
class Busy {
  private readonly starts: number[] = [];
  private readonly maxEnds: number[] = [];
  constructor(intervals: [number, number][]) {
    intervals.sort((x, y) => x[0] - y[0]);
    let max = -Infinity;
    for (const [s, e] of intervals) {
      max = Math.max(max, e);
      this.starts.push(s);
      this.maxEnds.push(max);
    }
  }
  overlaps(a: number, b: number): boolean {
    // Last interval starting before b; any of them ending after a overlaps [a, b).
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < b) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnds[lo - 1]! > a;
  }
}

export interface Slot {
  professional_external_id: string;
  professional: string;
  start: string;
}

/**
 * Free start times for a procedure over local dates [from, to] (at most 62 days), for one
 * professional or every active one who performs it: on the grid (`slotGridMinutes`) from the
 * start of each working interval, where the booking rule would accept the booking — inside the
 * interval, clear of blocks, and [start, end + buffer) clear of the held intervals of the
 * professional's and the procedure's resources' active bookings. Loads everything once.
 */
export function freeSlots(ctx: Context, input: z.output<typeof slotsSchema>): Slot[] {
  const procedure = requireProcedure(ctx, input.procedure_external_id);
  const zone = storeZone(ctx);
  const to =
    input.to < input.from ? input.from : input.to > addDays(input.from, 61) ? addDays(input.from, 61) : input.to;
  let pros: ProfessionalRow[];
  if (input.professional_external_id) {
    const one = requireProfessional(ctx, input.professional_external_id);
    assertOwnAgenda(ctx, one);
    pros = [one];
  } else {
    pros = listProfessionals(ctx.db).filter((p) => !ownProfessionalOnly(ctx) || p.user_id === ctx.session.userId);
  }
  pros = pros.filter((p) => p.active === 1 && jsonList<string>(p.procedure_ids).includes(procedure.id));
  if (pros.length === 0) return [];
  const rangeStart = localToMs(input.from, 0, zone);
  const rangeEnd = localToMs(addDays(to, 1), 0, zone);
  const duration = procedure.duration_minutes * MINUTE_MS;
  const hold = duration + procedure.buffer_minutes * MINUTE_MS;
  const needed = jsonList<string>(procedure.resource_ids);
  // Rows as arrays from the covering index appointments_start: a month of bookings is thousands.
  const booked = ctx.db
    .statement(BOOKED_SQL)
    .raw(true)
    .all(new Date(rangeStart - 2 * DAY_MS).toISOString(), new Date(rangeEnd + hold).toISOString()) as [
    string,
    string,
    string,
    string,
  ][];
  const byPro = new Map<string, [number, number][]>(pros.map((p) => [p.id, []]));
  const resourceBusy: [number, number][] = [];
  for (const [professionalId, startsAt, busyUntil, resourceIds] of booked) {
    const span: [number, number] = [Date.parse(startsAt), Date.parse(busyUntil)];
    byPro.get(professionalId)?.push(span);
    if (needed.length > 0 && resourceIds !== '[]' && jsonList<string>(resourceIds).some((r) => needed.includes(r))) {
      resourceBusy.push(span);
    }
  }
  const blocks = ctx.db.all(
    ctx.db.q
      .selectFrom('schedule_blocks')
      .select(['professional_id', 'starts_at', 'ends_at'])
      .where(
        'professional_id',
        'in',
        pros.map((p) => p.id),
      )
      .where('active', '=', 1)
      .where('starts_at', '<', new Date(rangeEnd + hold).toISOString())
      .where('ends_at', '>', new Date(rangeStart).toISOString()),
  );
  const exceptions = loadExceptions(
    ctx.db,
    pros.map((p) => p.id),
    input.from,
    to,
  );
  const grid = slotGridMinutes(ctx) * MINUTE_MS;
  const resources = new Busy(resourceBusy);
  const out: Slot[] = [];
  for (const pro of pros) {
    const busy = new Busy(byPro.get(pro.id) ?? []);
    const blocked = new Busy(
      blocks.filter((b) => b.professional_id === pro.id).map((b) => [Date.parse(b.starts_at), Date.parse(b.ends_at)]),
    );
    const weekly = jsonList<WeeklyInterval>(pro.working_hours);
    for (let date = input.from; date <= to; date = addDays(date, 1)) {
      const intervals = toInstants(dayIntervals(weekly, exceptions.get(`${pro.id}|${date}`), date), date, zone);
      for (const [s, e] of intervals) {
        const offsetAtStart = offsetMinutes(s, zone);
        const steady = offsetAtStart === offsetMinutes(e, zone);
        for (let t = s; t + duration <= e; t += grid) {
          if (blocked.overlaps(t, t + duration) || busy.overlaps(t, t + hold) || resources.overlaps(t, t + hold))
            continue;
          const offset = steady ? offsetAtStart : offsetMinutes(t, zone);
          out.push({
            professional_external_id: pro.external_id,
            professional: pro.name,
            start: formatWithOffset(t, offset),
          });
        }
      }
    }
  }
  // Instants, not texts, order the answer (offsets differ across a DST change); ties by professional.
  return out
    .map((s) => ({ s, t: Date.parse(s.start) }))
    .sort((a, b) => a.t - b.t || (a.s.professional_external_id < b.s.professional_external_id ? -1 : 1))
    .map((x) => x.s);
}
