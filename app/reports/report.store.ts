import type { Db } from '../db/db';
import { DEVICE_STORE_KEY } from '../settings/device.settings';
import { getSetting } from '../settings/settings.queries';
import { zoneLocalizer } from './export.rows';

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
 * A fast UTC → local wall time converter for many rows (`zoneLocalizer` of export.rows.ts, on
 * this database's connection): 'YYYY-MM-DD HH:MM:SS' in the zone of the store given.
 */
export function localizer(db: Db): (iso: string, storeId: string) => string {
  return zoneLocalizer(db.raw);
}
