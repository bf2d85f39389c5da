import type { Db } from '../db/db';
import { getSetting } from '../settings/settings.queries';
import { deviceRegisterId } from '../settings/device.settings';
import { findRegister } from '../store/store.queries';
import { memoized } from '../db/lookup-memo';

/**
 * Device-local setting (never synced) naming the writer in numbers of sales imported without a
 * register, when the writer is not a desktop with a register of its own: the sync server's
 * external sales API sets `API` on its tenant replica.
 */
export const SALE_NUMBER_TAG_KEY = 'device.sale_number_tag';

/**
 * The tag that makes numbers of sales imported without a register unique per writer
 * (issue 14): several desktops of one store import offline, and `sales.number` is UNIQUE on
 * every desktop and not merged by sync (a collision on pull would be taken for the same row).
 * The `device.sale_number_tag` setting when set; else, on a desktop enrolled in a sync server,
 * the code of its own register (a desktop joining a store always gets its own register) —
 * prefixed with that register's store code when the sale is for another store (register codes
 * are unique only per store: LJ01's CX1 importing for LJ02 writes `LJ02-LJ01CX1-EXT-…`, never
 * LJ02's own CX1 numbers); else none — a desktop that never syncs keeps the plain
 * `LJ01-EXT-000001`, as do every number already given.
 */
export function importNumberTag(db: Db, saleStoreCode: string): string | null {
  const tag = getSetting<string>(db, SALE_NUMBER_TAG_KEY);
  if (typeof tag === 'string' && tag !== '') return tag;
  const enrolled = db.statement('SELECT 1 FROM sync_device LIMIT 1').get() !== undefined;
  if (!enrolled) return null;
  const registerId = deviceRegisterId(db);
  const register = registerId ? findRegister(db, registerId) : undefined;
  if (!register) return null;
  const home = db.statement('SELECT code FROM stores WHERE id = ?').get(register.store_id) as
    { code: string } | undefined;
  return home && home.code !== saleStoreCode ? `${home.code}${register.code}` : register.code;
}

/**
 * A sale's number: `LJ01-CX1-000042` on a register; without one `LJ01-EXT-000042`, or with the
 * writer's tag (`importNumberTag`) `LJ01-CX2-EXT-000042`. `seq` is the store's (and register's)
 * next sequence, 6 digits zero-padded.
 */
export function saleNumber(db: Db, storeCode: string, registerCode: string | null, seq: number): string {
  const digits = String(seq).padStart(6, '0');
  if (registerCode !== null) return `${storeCode}-${registerCode}-${digits}`;
  // Asked once per import batch (the lookup memo): a register_sale line changes neither the
  // settings, the enrolment nor the registers the tag is read from.
  const tag = memoized(db, `number-tag:${storeCode}`, () => importNumberTag(db, storeCode));
  return tag === null ? `${storeCode}-EXT-${digits}` : `${storeCode}-${tag}-EXT-${digits}`;
}
