import type { Db } from './db';

const memos = new WeakMap<Db, Map<string, unknown>>();

/**
 * Runs fn with a lookup memo on this database: while it runs, `memoized` keeps what the
 * reference lookups of a sale return (store, salesperson, customer, variant by SKU, commission
 * rate, settings, the import number tag) instead of asking SQLite again for every line of an
 * import (issue 9 item 14), and the next sale sequence, counted on from the one read.
 * Only `cli apply` opens one, around a batch it runs in one write transaction (no other
 * process can write meanwhile), and it clears the memo (`clearLookupMemo`) before and after
 * any line that is not a `register_sale`, the only action that may run while the memo holds
 * (it writes none of the rows remembered but the sales it numbers), and after a rejected line.
 */
export function withLookupMemo<T>(db: Db, fn: () => T): T {
  const previous = memos.get(db);
  memos.set(db, new Map());
  try {
    return fn();
  } finally {
    if (previous) memos.set(db, previous);
    else memos.delete(db);
  }
}

/** Forgets what the open memo holds (a line that may change catalog, people or settings). */
export function clearLookupMemo(db: Db): void {
  memos.get(db)?.clear();
}

/** `load()`, remembered under `key` while a memo is open on `db` (undefined results too). */
export function memoized<T>(db: Db, key: string, load: () => T): T {
  const memo = memos.get(db);
  if (!memo) return load();
  if (memo.has(key)) return memo.get(key) as T;
  const value = load();
  memo.set(key, value);
  return value;
}

/** What the open memo holds under `key`: `held` false when no memo is open or it has no entry. */
export function lookupMemo(db: Db, key: string): { held: boolean; value: unknown } {
  const memo = memos.get(db);
  if (!memo || !memo.has(key)) return { held: false, value: undefined };
  return { held: true, value: memo.get(key) };
}

/** Keeps `value` under `key` while a memo is open on `db` (nothing happens without one). */
export function remember(db: Db, key: string, value: unknown): void {
  memos.get(db)?.set(key, value);
}
