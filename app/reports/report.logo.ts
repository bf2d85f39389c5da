import type { Db } from '../db/db';
import { tableExists } from '../analytics/dashboard';
import { readStoreLogo, type Logo } from '../store/store-logo';
import { homeStore } from './report.store';

export type { Logo };

/**
 * The logo on a report's cover (uploaded in Configurações with `store.set_logo`, synced in
 * `store_logos`): the asked location's own when it has one, else the home store's (this
 * device's store; app/store/store-logo.ts also reads the device setting of earlier versions).
 */
export function readLogo(db: Db, locationId: string | null = null): Logo | null {
  // A file not migrated to 0030 yet (opened read-only by a bench or an older worker): no logo row.
  if (!tableExists(db, 'store_logos')) return null;
  if (locationId && db.statement('SELECT 1 FROM store_logos WHERE id = ? AND mime IS NOT NULL').get(locationId)) {
    return readStoreLogo(db, locationId);
  }
  return readStoreLogo(db, homeStore(db)?.id ?? null);
}
