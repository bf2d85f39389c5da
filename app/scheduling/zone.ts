import { TZDate, tzOffset } from '@date-fns/tz';
import type { Context } from '../contract/context';
import { findStore } from '../store/store.queries';
import { deviceStoreId } from '../store/store.service';

/**
 * Time in the store's zone. Agenda hours are local wall-clock minutes after midnight; instants
 * are epoch milliseconds, stored as UTC ISO-8601 text. Conversions go through @date-fns/tz, so a
 * day with a daylight-saving change has 23 or 25 hours and 09:00 is still 09:00 on it.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The store's IANA zone (stores.timezone; America/Sao_Paulo when the store has none yet). */
export function storeZone(ctx: Context): string {
  const store = findStore(ctx.db, deviceStoreId(ctx));
  return store?.timezone ?? 'America/Sao_Paulo';
}

/** Parses a local date `YYYY-MM-DD` into its parts. */
export function dateParts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

const localCache = new Map<string, number>();
const offsetCache = new Map<string, number>();

/**
 * The instant (epoch ms) of `minute` minutes after local midnight of `date` in `zone`.
 * Memoized (zone rules do not change while the process runs; bounded to 50,000 entries): the
 * slots of 10 professionals sharing hours over 30 days need about 120 distinct conversions.
 */
export function localToMs(date: string, minute: number, zone: string): number {
  const key = `${zone}|${date}|${minute}`;
  const hit = localCache.get(key);
  if (hit !== undefined) return hit;
  const { y, m, d } = dateParts(date);
  const ms = new TZDate(y, m - 1, d, Math.floor(minute / 60), minute % 60, zone).getTime();
  if (localCache.size > 50_000) localCache.clear();
  localCache.set(key, ms);
  return ms;
}

/** Local date (YYYY-MM-DD), ISO weekday (1 = Monday … 7 = Sunday) and minute of an instant. */
export function msToLocal(ms: number, zone: string): { date: string; weekday: number; minute: number } {
  const t = new TZDate(ms, zone);
  const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  const day = t.getDay();
  return { date, weekday: day === 0 ? 7 : day, minute: t.getHours() * 60 + t.getMinutes() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function weekdayOf(date: string): number {
  const { y, m, d } = dateParts(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The local date `days` after `date` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Offset of `zone` at an instant, in minutes east of UTC (−180 for São Paulo). */
export function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone}|${ms}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const offset = tzOffset(zone, new Date(ms));
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** `2026-12-01T09:00:00-03:00`: an instant written with the zone's offset at that instant. */
export function formatWithOffset(ms: number, offset: number): string {
  const local = new Date(ms + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as ISO-8601 with the store's offset. */
export function isoInZone(ms: number, zone: string): string {
  return formatWithOffset(ms, offsetMinutes(ms, zone));
}

/** "HH:MM" → minutes after midnight ("24:00" allowed as the end of a day). */
export function parseHm(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes after midnight → "HH:MM". */
export function formatHm(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
