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
  return (iso, storeId) => {
    const t = byStore.get(storeId);
    let offset = -180;
    if (t) {
      let lo = 0;
      let hi = t.from.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((t.from[mid] as string) <= iso) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found >= 0) offset = t.offset[found] as number;
    }
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const s = new Date(ms + offset * 60_000).toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
  };
}
