import type { Db } from '../db/db';
import { getSetting } from './settings.queries';

/** The store and register this computer belongs to, written once by the first-run setup. */
export const DEVICE_STORE_KEY = 'device.store_id';
export const DEVICE_REGISTER_KEY = 'device.register_id';

export function deviceRegisterId(db: Db): string | undefined {
  return getSetting<string>(db, DEVICE_REGISTER_KEY);
}
