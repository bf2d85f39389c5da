import type { Db } from '../db/db';
import { log } from '../log';
import { isSyncedTable, syncedTableList } from './outbox';

/**
 * Unique keys across desktops, the device half (issue 14). The server keeps the first row with
 * a given SKU, CPF, register code… and maps the other's id to it; this desktop follows:
 * - a `delete` message with `merged_into` from the server names a merge;
 * - a row arriving from the server that collides on a local UNIQUE with a local row of another
 *   id means the same: the server's row is the first (anything not on the server comes after
 *   it), so the local row is merged into it — unless the collision comes from a local update
 *   not yet acknowledged (the server will answer that one itself).
 * Merging re-points every reference (foreign keys, and `*_id` / `*_by` columns) to the row
 * kept, deletes the merged row and records the mapping in `sync_merges` (migration 0022). The
 * outbox is never touched: the server redirects the merged id in whatever is still to send.
 */

interface UniqueIndex {
  columns: string[];
}

interface Reference {
  table: string;
  column: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const indexCache = new WeakMap<Db, Map<string, UniqueIndex[]>>();
const referenceCache = new WeakMap<Db, Map<string, Reference[]>>();

/** The table's UNIQUE indexes other than its primary key. */
export function uniqueIndexes(db: Db, table: string): UniqueIndex[] {
  let byTable = indexCache.get(db);
  if (!byTable) indexCache.set(db, (byTable = new Map<string, UniqueIndex[]>()));
  let indexes = byTable.get(table);
  if (!indexes) {
    const list = db.raw.prepare(`SELECT name, "unique", origin FROM pragma_index_list(?)`).all(table) as {
      name: string;
      unique: number;
      origin: string;
    }[];
    indexes = list
      .filter((i) => i.unique === 1 && i.origin !== 'pk')
      .map((i) => ({
        columns: db.raw.prepare(`SELECT name FROM pragma_index_info(?)`).pluck().all(i.name) as string[],
      }))
      .filter((i) => i.columns.length > 0 && i.columns.every((c) => typeof c === 'string'));
    byTable.set(table, indexes);
  }
  return indexes;
}

/** Tables never rewritten: hashed, append-only rows (the audit trail). */
const APPEND_ONLY = new Set(['audit_log']);

/**
 * Columns that may hold an id of `table`: declared foreign keys to it, and — since not every
 * reference is declared — every `*_id` / `*_by` column of a synced table (ids are UUIDv7, so a
 * value equal to the merged id is that row). Local projections follow by their foreign keys.
 */
function referencesTo(db: Db, table: string): Reference[] {
  let byTable = referenceCache.get(db);
  if (!byTable) referenceCache.set(db, (byTable = new Map<string, Reference[]>()));
  let refs = byTable.get(table);
  if (refs) return refs;
  refs = [];
  const tables = db.raw
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  for (const name of tables) {
    if (APPEND_ONLY.has(name) || name.startsWith('sync_')) continue;
    const seen = new Set<string>();
    const fks = db.raw.prepare(`SELECT "table" AS target, "from" AS col FROM pragma_foreign_key_list(?)`).all(name) as {
      target: string;
      col: string;
    }[];
    for (const fk of fks) if (fk.target === table) seen.add(fk.col);
    if (isSyncedTable(name)) {
      const columns = db.raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[];
      for (const c of columns) if (/_id$|_by$/.test(c) && c !== 'external_id') seen.add(c);
    }
    for (const column of seen) refs.push({ table: name, column });
  }
  byTable.set(table, refs);
  return refs;
}

/** The key column of a synced table (`id`, or `code` for barcodes); local tables have none. */
function keyOf(table: string): string | undefined {
  return syncedTableList().find((t) => t.table === table)?.key;
}

/** A local row (`other`) holding the same value as an incoming row on one UNIQUE (`columns`). */
export interface KeyCollision {
  other: string;
  columns: string[];
  values: unknown[];
}

/** Every local row other than `row`'s own that holds one of its values on one of the table's UNIQUEs. */
export function keyCollisions(db: Db, table: string, key: string, row: Record<string, unknown>): KeyCollision[] {
  const id = row[key];
  const current = db.raw.prepare(`SELECT * FROM ${quote(table)} WHERE ${quote(key)} = ?`).get(id) as
    Record<string, unknown> | undefined;
  const full = { ...current, ...row };
  const found: KeyCollision[] = [];
  for (const index of uniqueIndexes(db, table)) {
    const values = index.columns.map((c) => full[c]);
    if (values.some((v) => v === null || v === undefined)) continue;
    const where = index.columns.map((c) => `${quote(c)} = ?`).join(' AND ');
    const ids = db.raw
      .prepare(`SELECT ${quote(key)} FROM ${quote(table)} WHERE ${where} AND ${quote(key)} <> ?`)
      .pluck()
      .all(...(values as (string | number)[]), id) as string[];
    for (const other of ids) found.push({ other, columns: index.columns, values });
  }
  return found;
}

/** Local rows other than `id` that hold the same value as `row` on one of the table's UNIQUEs. */
export function localColliders(db: Db, table: string, key: string, row: Record<string, unknown>): string[] {
  return [...new Set(keyCollisions(db, table, key, row).map((c) => c.other))];
}

/**
 * Keeps an incoming row that a local row's value of a UNIQUE which is not a merge key refuses
 * (`sales(number)`: two different sales — `NOT_MERGED`): the server's row whole, with the local
 * row it met, in `sync_key_conflicts` (device 0033) for the owner's list; written again when
 * the same row comes back (a refetch), never retried in a loop, never merged.
 */
export function recordKeyConflict(
  db: Db,
  table: string,
  row: Record<string, unknown>,
  collision: KeyCollision,
  now: string,
): void {
  db.raw
    .prepare(
      `INSERT OR REPLACE INTO sync_key_conflicts (table_name, row_id, local_id, key, value, row, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      table,
      String(row.id),
      collision.other,
      collision.columns.join(','),
      JSON.stringify(collision.values),
      JSON.stringify(row),
      now,
    );
  log.warn('sync pull: a row collides on a key that is not merged, listed as a conflict', {
    table,
    id: String(row.id),
    local: collision.other,
    key: collision.columns.join(','),
  });
}

/** The rows a key that is not merged kept out (`recordKeyConflict`), newest first (at most `limit`), and how many. */
export function listKeyConflicts(
  db: Db,
  limit = 100,
): {
  total: number;
  items: { table: string; row_id: string; local_id: string; key: string; value: string; seen_at: string }[];
} {
  const total = db.raw.prepare('SELECT count(*) FROM sync_key_conflicts').pluck().get() as number;
  const items = db.raw
    .prepare(
      `SELECT table_name AS "table", row_id, local_id, key, value, seen_at FROM sync_key_conflicts
       ORDER BY seen_at DESC, row_id LIMIT ?`,
    )
    .all(limit) as { table: string; row_id: string; local_id: string; key: string; value: string; seen_at: string }[];
  return { total, items };
}

/** Whether a local update of `id` not yet acknowledged is waiting (its collision is the server's to judge). */
export function hasPendingUpdate(db: Db, table: string, id: string): boolean {
  const kinds = db.raw
    .prepare(
      `SELECT DISTINCT kind FROM sync_outbox WHERE table_name = ? AND row_id = ? AND pushed_at IS NULL
       AND rejected_code IS NULL`,
    )
    .pluck()
    .all(table, id) as string[];
  return kinds.includes('update') && !kinds.includes('insert');
}

/**
 * Merges local row `from` of `table` into `to`, in the caller's transaction (foreign keys are
 * off around a pull page): references re-pointed (a re-pointed row that would collide on its
 * own UNIQUE — a merged sale's items — is merged in turn into the one it meets), the row
 * deleted, the mapping recorded. Returns the tables touched (for the caller's projections).
 */
export function mergeLocal(db: Db, table: string, from: string, to: string, now: string, touched = new Set<string>()) {
  if (from === to) return touched;
  touched.add(table);
  for (const ref of referencesTo(db, table)) {
    const moved = db.raw
      .prepare(`UPDATE OR IGNORE ${quote(ref.table)} SET ${quote(ref.column)} = ? WHERE ${quote(ref.column)} = ?`)
      .run(to, from).changes;
    if (moved > 0) touched.add(ref.table);
    const refKey = keyOf(ref.table);
    const left = db.raw
      .prepare(`SELECT ${refKey ? quote(refKey) : 'rowid'} FROM ${quote(ref.table)} WHERE ${quote(ref.column)} = ?`)
      .pluck()
      .all(from) as (string | number)[];
    for (const leftover of left) {
      touched.add(ref.table);
      if (refKey && typeof leftover === 'string') {
        const row = { [refKey]: leftover, [ref.column]: to };
        const [kept] = localColliders(db, ref.table, refKey, row);
        if (kept !== undefined) {
          mergeLocal(db, ref.table, leftover, kept, now, touched);
          continue;
        }
      }
      db.raw.prepare(`DELETE FROM ${quote(ref.table)} WHERE ${refKey ? quote(refKey) : 'rowid'} = ?`).run(leftover);
    }
  }
  db.raw.prepare(`DELETE FROM ${quote(table)} WHERE id = ?`).run(from);
  // stock_levels follows stock_movements by an insert trigger only: rebuilt for both variants.
  if (table === 'variants') rebuildStockLevels(db, [from, to]);
  db.raw
    .prepare(`INSERT OR IGNORE INTO sync_merges (table_name, from_id, to_id, merged_at) VALUES (?, ?, ?, ?)`)
    .run(table, from, to, now);
  log.info('sync: merged a row into the one the server kept', { table, from, to });
  return touched;
}

/** Stock levels of the variants a merge touched, rebuilt from their movements. */
export function rebuildStockLevels(db: Db, variantIds: string[]): void {
  for (const id of variantIds) {
    db.raw.prepare('DELETE FROM stock_levels WHERE variant_id = ?').run(id);
    db.raw
      .prepare(
        `INSERT INTO stock_levels (variant_id, store_id, qty_milli)
         SELECT variant_id, store_id, sum(qty_milli) FROM stock_movements WHERE variant_id = ? GROUP BY store_id`,
      )
      .run(id);
  }
}

/** The merges this desktop applied, newest first (at most `limit`), and how many in all. */
export function listMerges(
  db: Db,
  limit = 100,
): { total: number; items: { table: string; from_id: string; to_id: string; merged_at: string }[] } {
  const total = db.raw.prepare('SELECT count(*) FROM sync_merges').pluck().get() as number;
  const items = db.raw
    .prepare(
      `SELECT table_name AS "table", from_id, to_id, merged_at FROM sync_merges ORDER BY merged_at DESC, from_id LIMIT ?`,
    )
    .all(limit) as { table: string; from_id: string; to_id: string; merged_at: string }[];
  return { total, items };
}
