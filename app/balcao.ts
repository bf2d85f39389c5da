import { openDatabase } from './db/open';
import type { Db } from './db/db';
import { createDispatcher } from './contract/dispatch';
import { operations } from './contract/operations';
import type { Clock } from './contract/context';
import { prepareDataFolder, restrictDatabaseFiles } from './paths';

export interface Balcao {
  db: Db;
  dispatch: ReturnType<typeof createDispatcher<typeof operations>>;
  /** The dispatcher's clock (tests inject one; transports stamp sessions with it). */
  clock: Clock;
  close(): void;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Opens the headless core on one database file: what every transport starts from. The data
 * folder is created 0700 and the database, WAL and SHM files are made 0600 (also when an older
 * version left them wider), so other local users cannot copy the store's data.
 */
export async function openBalcao(path: string, options: { clock?: Clock } = {}): Promise<Balcao> {
  prepareDataFolder(path);
  const db = await openDatabase(path);
  restrictDatabaseFiles(path);
  const clock = options.clock ?? systemClock;
  const dispatch = createDispatcher(operations, { db, clock });
  return { db, dispatch, clock, close: () => db.close() };
}
