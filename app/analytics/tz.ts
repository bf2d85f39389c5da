import type { Db } from '../db/db';
import { recomputeStoreSql } from '../../migrations/device/0017_analytics';

/** Years covered by the offset intervals stored per zone. */
const FROM_YEAR = 2000;
const TO_YEAR = 2045;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at an instant (America/Sao_Paulo today: −180). */
export function offsetMinutesAt(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The zone's offset intervals from 2000 to 2045: `{ from_utc (ISO), offset_minutes }`, each in
 * force until the next. Sampled weekly, each change located to the minute (zones change at
 * most twice a year, months apart).
 */
export function zoneIntervals(zone: string): { from_utc: string; offset_minutes: number }[] {
  let t = Date.UTC(FROM_YEAR, 0, 1);
  const end = Date.UTC(TO_YEAR, 0, 1);
  let prev = offsetMinutesAt(zone, t);
  const out = [{ from_utc: '0000-01-01T00:00:00.000Z', offset_minutes: prev }];
  while (t < end) {
    const next = t + 7 * DAY_MS;
    const o = offsetMinutesAt(zone, next);
    if (o !== prev) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutesAt(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ from_utc: new Date(hi).toISOString(), offset_minutes: o });
      prev = o;
    }
    t = next;
  }
  return out;
}

/** True when Intl knows the zone. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure every store's zone has its offsets stored, and recomputes the local dates of the
 * stores whose zone was missing (they were dated at the UTC−3 fallback). Needs a writable
 * connection; cheap when nothing is missing (one query).
 */
export function ensureZoneOffsets(db: Db): void {
  const missing = db
    .statement(
      `SELECT DISTINCT timezone AS zone FROM stores st
       WHERE NOT EXISTS (SELECT 1 FROM analytics_tz_offsets o WHERE o.zone = st.timezone)`,
    )
    .all() as { zone: string }[];
  if (missing.length === 0) return;
  db.transaction(() => {
    const insert = db.statement(
      'INSERT OR REPLACE INTO analytics_tz_offsets (zone, from_utc, offset_minutes) VALUES (?, ?, ?)',
    );
    for (const { zone } of missing) {
      const intervals = isKnownZone(zone)
        ? zoneIntervals(zone)
        : [{ from_utc: '0000-01-01T00:00:00.000Z', offset_minutes: -180 }];
      for (const i of intervals) insert.run(zone, i.from_utc, i.offset_minutes);
      const stores = db.statement('SELECT id FROM stores WHERE timezone = ?').all(zone) as { id: string }[];
      const recompute = db.statement(recomputeStoreSql('?'));
      for (const s of stores) recompute.run(s.id);
    }
  });
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetMinutesAt(zone, ms) * 60_000).toISOString().slice(0, 10);
}

/**
 * The UTC instant (ISO) at which a local date begins in a zone: the first instant whose local
 * date is `date` (two tries settle a change of offset around midnight).
 */
export function localDayStartUtc(date: string, zone: string): string {
  const naive = Date.parse(`${date}T00:00:00.000Z`);
  let guess = naive - offsetMinutesAt(zone, naive) * 60_000;
  guess = naive - offsetMinutesAt(zone, guess) * 60_000;
  return new Date(guess).toISOString();
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic in UTC, no zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00.000Z`) - Date.parse(`${a}T00:00:00.000Z`)) / DAY_MS);
}
