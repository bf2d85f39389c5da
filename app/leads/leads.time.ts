import { TZDate } from '@date-fns/tz';
import type { Context } from '../contract/context';
import { DEVICE_STORE_KEY } from '../settings/device.settings';
import { getSetting } from '../settings/settings.queries';
import { findStore } from '../store/store.queries';

/** The store's IANA zone (America/Sao_Paulo before setup or when the store has none). */
export function leadZone(ctx: Context): string {
  const id = getSetting<string>(ctx.db, DEVICE_STORE_KEY);
  const store = id ? findStore(ctx.db, id) : undefined;
  return store?.timezone ?? 'America/Sao_Paulo';
}

/**
 * A business day (YYYY-MM-DD) as a UTC ISO instant: its start, or (end) the start of the next
 * day, cut in the store's zone — the same rule as `sales.query`.
 */
export function dayBound(zone: string, day: string, end: boolean): string {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(new TZDate(y, m - 1, d + (end ? 1 : 0), zone).getTime()).toISOString();
}
