import type { Db } from '../db/db';
import { DEVICE_STORE_KEY } from '../settings/device.settings';
import { getSetting } from '../settings/settings.queries';

/**
 * The store the reports speak for: this device's store (`device.store_id`), else the first
 * location (a database filled by `demo` or imports before setup). Null when there is none.
 */
export function homeStore(db: Db): {
  id: string;
  name: string;
  cnpj: string | null;
  address: string | null;
  city: string | null;
  timezone: string;
} | null {
  const id = getSetting<string>(db, DEVICE_STORE_KEY);
  const row = db
    .statement(
      `SELECT id, name, cnpj, address, city, timezone FROM stores WHERE id = coalesce(?, (SELECT id FROM stores ORDER BY created_at, id LIMIT 1))`,
    )
    .get(id ?? null) as
    | {
        id: string;
        name: string;
        cnpj: string | null;
        address: string | null;
        city: string | null;
        timezone: string | null;
      }
    | undefined;
  return row ? { ...row, timezone: row.timezone ?? 'America/Sao_Paulo' } : null;
}

/** The reports' zone: the home store's (America/Sao_Paulo without one). */
export function homeZone(db: Db): string {
  return homeStore(db)?.timezone ?? 'America/Sao_Paulo';
}

/**
 * A fast UTC → local wall time converter for many rows: each location's offset intervals
 * (`analytics_tz_offsets`, kept by the analytics issue for every store's zone) loaded once, then
 * a binary search per instant. Returns 'YYYY-MM-DD HH:MM:SS'; UTC−3 when the zone is unknown.
 * An instant as `toISOString` writes it is converted through its store's UTC hour, computed once
 * per distinct hour (when one whole-hour offset covers that hour) and cached: an export of a
 * hundred thousand sales meets a few thousand distinct hours.
 */
export function localizer(db: Db): (iso: string, storeId: string) => string {
  const rows = db
    .statement(
      `SELECT s.id AS store_id, o.from_utc, o.offset_minutes FROM stores s JOIN analytics_tz_offsets o ON o.zone = s.timezone
       ORDER BY s.id, o.from_utc`,
    )
    .all() as { store_id: string; from_utc: string; offset_minutes: number }[];
  const byStore = new Map<string, { from: string[]; offset: number[] }>();
  for (const r of rows) {
    const t = byStore.get(r.store_id) ?? { from: [], offset: [] };
    t.from.push(r.from_utc);
    t.offset.push(r.offset_minutes);
    byStore.set(r.store_id, t);
  }
  /** Index of the interval holding `iso` (-1: before the first, or no intervals). */
  const interval = (iso: string, storeId: string): number => {
    const t = byStore.get(storeId);
    let found = -1;
    if (t) {
      let lo = 0;
      let hi = t.from.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((t.from[mid] as string) <= iso) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
    }
    return found;
  };
  const slow = (iso: string, storeId: string): string => {
    const found = interval(iso, storeId);
    const offset = found >= 0 ? (byStore.get(storeId)?.offset[found] as number) : -180;
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const s = new Date(ms + offset * 60_000).toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
  };
  /** 'YYYY-MM-DD HH' local of a UTC hour 'YYYY-MM-DDTHH', or null when its minutes may shift too. */
  const hourPrefix = (hour: string, storeId: string): string | null => {
    const start = `${hour}:00:00.000Z`;
    const found = interval(start, storeId);
    if (found !== interval(`${hour}:59:59.999Z`, storeId)) return null; // the offset changes within the hour
    const offset = found >= 0 ? (byStore.get(storeId)?.offset[found] as number) : -180;
    const local = slow(start, storeId);
    return offset % 60 === 0 && local !== start ? local.slice(0, 13) : null;
  };
  const hours = new Map<string, Map<string, string | null>>();
  return (iso, storeId) => {
    // 'YYYY-MM-DDTHH:MM:SS.sssZ' only (what toISOString writes); anything else the slow way.
    if (iso.length !== 24 || iso.charCodeAt(10) !== 84 || iso.charCodeAt(19) !== 46 || iso.charCodeAt(23) !== 90)
      return slow(iso, storeId);
    let cache = hours.get(storeId);
    if (!cache) hours.set(storeId, (cache = new Map<string, string | null>()));
    const key = iso.slice(0, 13);
    let prefix = cache.get(key);
    if (prefix === undefined) {
      prefix = hourPrefix(key, storeId);
      cache.set(key, prefix);
    }
    return prefix === null ? slow(iso, storeId) : prefix + iso.slice(13, 19);
  };
}
