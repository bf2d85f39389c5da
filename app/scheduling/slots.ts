import type { z } from 'zod';
import type { Context } from '../contract/context';
import { getSetting } from '../settings/settings.queries';
import { ownProfessionalOnly, assertOwnAgenda } from './agenda.access';
import { parseIsoList } from './iso-list';
import { dayIntervals, loadExceptions, toInstants, weeklyByWeekday, type WeeklyInterval } from './hours';
import {
  ACTIVE_STATUSES,
  jsonList,
  listProfessionals,
  requireProcedure,
  requireProfessional,
  type ProfessionalRow,
} from './scheduling.queries';
import type { slotsSchema } from './scheduling.schemas';
import { addDays, DAY_MS, formatWithOffset, localToMs, MINUTE_MS, offsetMinutes, storeZone, weekdayOf } from './zone';

const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');
/**
 * The held intervals of the active bookings starting in a range, one row per professional with
 * its starts and ends as two comma-separated lists (same row order), read by `parseIsoList`:
 * ten strings instead of thousands of rows and no string per instant (a month of ten agendas is
 * 6,000 bookings; rows and Date.parse were two thirds of the answer's time).
 */
const BOOKED_SQL = `SELECT professional_id, group_concat(starts_at), group_concat(busy_until)
  FROM appointments WHERE starts_at >= ? AND starts_at < ? AND status IN (${ACTIVE_SQL}) GROUP BY professional_id`;
/** The bookings holding some resource, read only when the procedure needs one. */
const RESOURCE_BOOKED_SQL = `SELECT starts_at, busy_until, resource_ids FROM appointments
  WHERE starts_at >= ? AND starts_at < ? AND status IN (${ACTIVE_SQL}) AND resource_ids <> '[]'`;

/** Slot grid in minutes (setting `agenda.slot_minutes`, default 15). */
export function slotGridMinutes(ctx: Context): number {
  return getSetting<number>(ctx.db, 'agenda.slot_minutes') ?? 15;
}

/** Sorted busy intervals with a running maximum of their ends: "does [a, b) overlap any?" in O(log n), O(1) when swept. */
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
  /** Count of intervals starting before the last `b` asked: queries with growing `b` walk forward. */
  private cursor = 0;
  private lastB = -Infinity;
  overlaps(a: number, b: number): boolean {
    // Intervals starting before b; any of them ending after a overlaps [a, b). The slot grid
    // asks with growing b, so the count moves forward from the last answer (amortized O(1));
    // a smaller b starts a binary search again.
    const starts = this.starts;
    let lo = 0;
    if (b >= this.lastB) {
      lo = this.cursor;
      while (lo < starts.length && starts[lo]! < b) lo++;
    } else {
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! < b) lo = mid + 1;
        else hi = mid;
      }
    }
    this.cursor = lo;
    this.lastB = b;
    return lo > 0 && this.maxEnds[lo - 1]! > a;
  }
}

export interface Slot {
  professional_external_id: string;
  professional: string;
  start: string;
}

/** The active professionals of the request who perform the procedure (a professional user: only itself). */
function slotProfessionals(ctx: Context, procedureId: string, professionalExternalId?: string): ProfessionalRow[] {
  let pros: ProfessionalRow[];
  if (professionalExternalId) {
    const one = requireProfessional(ctx, professionalExternalId);
    assertOwnAgenda(ctx, one);
    pros = [one];
  } else {
    pros = listProfessionals(ctx.db).filter((p) => !ownProfessionalOnly(ctx) || p.user_id === ctx.session.userId);
  }
  return pros.filter((p) => p.active === 1 && jsonList<string>(p.procedure_ids).includes(procedureId));
}

/**
 * The held intervals [start, busy_until) in epoch ms of the active bookings starting in
 * [fromMs, toMs): per professional of `pros`, and those holding any of `needed` resources.
 */
function loadBooked(
  ctx: Context,
  pros: readonly ProfessionalRow[],
  needed: readonly string[],
  fromMs: number,
  toMs: number,
) {
  const range = [new Date(fromMs).toISOString(), new Date(toMs).toISOString()];
  const byPro = new Map<string, [number, number][]>(pros.map((p) => [p.id, []]));
  const rows = ctx.db
    .statement(BOOKED_SQL)
    .raw(true)
    .all(...range) as [string, string, string][];
  for (const [professionalId, startsText, endsText] of rows) {
    const list = byPro.get(professionalId);
    if (!list) continue;
    const starts = parseIsoList(startsText);
    const ends = parseIsoList(endsText);
    for (let i = 0; i < starts.length; i++) list.push([starts[i]!, ends[i]!]);
  }
  const resourceBusy: [number, number][] = [];
  if (needed.length > 0) {
    const held = ctx.db
      .statement(RESOURCE_BOOKED_SQL)
      .raw(true)
      .all(...range) as [string, string, string][];
    for (const [start, end, resourceIds] of held) {
      if (jsonList<string>(resourceIds).some((r) => needed.includes(r)))
        resourceBusy.push([Date.parse(start), Date.parse(end)]);
    }
  }
  return { byPro, resources: new Busy(resourceBusy) };
}

/** Active blocks of the professionals overlapping [fromMs, toMs), as epoch-ms intervals per professional. */
function loadBlocks(ctx: Context, pros: readonly ProfessionalRow[], fromMs: number, toMs: number) {
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('schedule_blocks')
      .select(['professional_id', 'starts_at', 'ends_at'])
      .where(
        'professional_id',
        'in',
        pros.map((p) => p.id),
      )
      .where('active', '=', 1)
      .where('starts_at', '<', new Date(toMs).toISOString())
      .where('ends_at', '>', new Date(fromMs).toISOString()),
  );
  const byPro = new Map<string, [number, number][]>();
  for (const b of rows) {
    const list = byPro.get(b.professional_id) ?? [];
    list.push([Date.parse(b.starts_at), Date.parse(b.ends_at)]);
    byPro.set(b.professional_id, list);
  }
  return byPro;
}

interface TimedSlot {
  slot: Slot;
  t: number;
}

/**
 * Free start times for a procedure over local dates [from, to] (at most 62 days), for one
 * professional or every active one who performs it: on the grid (`slotGridMinutes`) from the
 * start of each working interval, where the booking rule would accept the booking — inside the
 * interval, clear of blocks, and [start, end + buffer) clear of the held intervals of the
 * professional's and the procedure's resources' active bookings. Loads everything once (one
 * read of the bookings, instants parsed by SQLite); the dates of the range are computed once.
 */
export function freeSlots(ctx: Context, input: z.output<typeof slotsSchema>): Slot[] {
  const procedure = requireProcedure(ctx, input.procedure_external_id);
  const zone = storeZone(ctx);
  const to =
    input.to < input.from ? input.from : input.to > addDays(input.from, 61) ? addDays(input.from, 61) : input.to;
  const pros = slotProfessionals(ctx, procedure.id, input.professional_external_id);
  if (pros.length === 0) return [];
  const rangeStart = localToMs(input.from, 0, zone);
  const rangeEnd = localToMs(addDays(to, 1), 0, zone);
  const duration = procedure.duration_minutes * MINUTE_MS;
  const hold = duration + procedure.buffer_minutes * MINUTE_MS;
  const needed = jsonList<string>(procedure.resource_ids);
  const booked = loadBooked(ctx, pros, needed, rangeStart - 2 * DAY_MS, rangeEnd + hold);
  const blocks = loadBlocks(ctx, pros, rangeStart, rangeEnd + hold);
  const exceptions = loadExceptions(
    ctx.db,
    pros.map((p) => p.id),
    input.from,
    to,
  );
  const dates: { date: string; weekday: number }[] = [];
  for (let date = input.from; date <= to; date = addDays(date, 1)) dates.push({ date, weekday: weekdayOf(date) });
  const grid = slotGridMinutes(ctx) * MINUTE_MS;
  const out: TimedSlot[] = [];
  for (const pro of pros) {
    const busy = new Busy(booked.byPro.get(pro.id) ?? []);
    const blocked = new Busy(blocks.get(pro.id) ?? []);
    const weekly = weeklyByWeekday(jsonList<WeeklyInterval>(pro.working_hours));
    const free = (t: number) =>
      !blocked.overlaps(t, t + duration) && !busy.overlaps(t, t + hold) && !booked.resources.overlaps(t, t + hold);
    for (const { date, weekday } of dates) {
      const exception = exceptions.get(`${pro.id}|${date}`);
      const local = exception ? dayIntervals([], exception, date) : (weekly[weekday] ?? []);
      const intervals = toInstants(local, date, zone);
      for (const [s, e] of intervals) {
        const offsetAtStart = offsetMinutes(s, zone);
        const steady = offsetAtStart === offsetMinutes(e, zone);
        for (let t = s; t + duration <= e; t += grid) {
          if (!free(t)) continue;
          const offset = steady ? offsetAtStart : offsetMinutes(t, zone);
          const slot = {
            professional_external_id: pro.external_id,
            professional: pro.name,
            start: formatWithOffset(t, offset),
          };
          out.push({ slot, t });
        }
      }
    }
  }
  // Instants, not texts, order the answer (offsets differ across a DST change); ties by professional.
  return out
    .sort((a, b) => a.t - b.t || (a.slot.professional_external_id < b.slot.professional_external_id ? -1 : 1))
    .map((x) => x.slot);
}
