import type { Db } from '../db/db';

const keepers = new WeakMap<Db, Db>();

/** The analytics worker reads on a read-only connection and keeps monthly runs on this one. */
export function registerRunKeeper(readOnly: Db, writable: Db): void {
  keepers.set(readOnly, writable);
}

/** Where a monthly run computed on `db` is kept: itself when writable, else its registered keeper. */
export function keeperFor(db: Db): Db | undefined {
  return db.raw.readonly ? keepers.get(db) : db;
}
