import type { Db } from '../db/db';
import { jsonList } from './scheduling.queries';
import { localToMs, weekdayOf } from './zone';

/** A weekly interval as stored on the professional (minutes after local midnight). */
export interface WeeklyInterval {
  weekday: number;
  start_minute: number;
  end_minute: number;
}

export interface DayInterval {
  start_minute: number;
  end_minute: number;
}

/** Exceptions of some professionals over [from, to] (local dates), keyed `professionalId|date`. */
export function loadExceptions(db: Db, professionalIds: readonly string[], from: string, to: string) {
  const map = new Map<string, DayInterval[]>();
  if (professionalIds.length === 0) return map;
  const rows = db.all(
    db.q
      .selectFrom('schedule_exceptions')
      .select(['professional_id', 'date', 'intervals'])
      .where('professional_id', 'in', professionalIds)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('active', '=', 1),
  );
  for (const r of rows) map.set(`${r.professional_id}|${r.date}`, jsonList<DayInterval>(r.intervals));
  return map;
}

/**
 * The working intervals of one local date, as local minutes: the date's exception when there is
 * one (an empty list is a day off), else the weekly hours of that ISO weekday, sorted.
 */
export function dayIntervals(
  weekly: readonly WeeklyInterval[],
  exception: readonly DayInterval[] | undefined,
  date: string,
): DayInterval[] {
  if (exception) return [...exception].sort((a, b) => a.start_minute - b.start_minute);
  const weekday = weekdayOf(date);
  return weekly
    .filter((w) => w.weekday === weekday)
    .map((w) => ({ start_minute: w.start_minute, end_minute: w.end_minute }))
    .sort((a, b) => a.start_minute - b.start_minute);
}

/**
 * The weekly hours split by ISO weekday (index 1 … 7), each day's intervals sorted: what
 * `dayIntervals` answers for a date without exception, computed once per professional.
 */
export function weeklyByWeekday(weekly: readonly WeeklyInterval[]): DayInterval[][] {
  const days: DayInterval[][] = [[], [], [], [], [], [], [], []];
  for (const w of weekly) days[w.weekday]?.push({ start_minute: w.start_minute, end_minute: w.end_minute });
  for (const day of days) day.sort((a, b) => a.start_minute - b.start_minute);
  return days;
}

/** The same intervals as instants [startMs, endMs) in the store's zone. */
export function toInstants(intervals: readonly DayInterval[], date: string, zone: string): [number, number][] {
  return intervals.map((i) => [localToMs(date, i.start_minute, zone), localToMs(date, i.end_minute, zone)]);
}
