import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from './db/open';
import type { Db } from './db/db';
import { createDispatcher } from './contract/dispatch';
import { operations } from './contract/operations';
import type { Clock } from './contract/context';

export interface Balcao {
  db: Db;
  dispatch: ReturnType<typeof createDispatcher<typeof operations>>;
  close(): void;
}

/** Opens the headless core on one database file: what every transport starts from. */
export async function openBalcao(path: string, options: { clock?: Clock } = {}): Promise<Balcao> {
  mkdirSync(dirname(path), { recursive: true });
  const db = await openDatabase(path);
  const dispatch = createDispatcher(operations, { db, clock: options.clock });
  return { db, dispatch, close: () => db.close() };
}
