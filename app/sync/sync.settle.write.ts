import type { Db } from '../db/db';
import { log } from '../log';
import { projectSaleState } from '../sales/sale-state';
import { isFactTable, syncedTableList } from './outbox';
import { writeRow } from './sync.apply';

/** One row kept in `sync_key_conflicts` (device 0033), as stored. */
export interface HeldRow {
  table_name: string;
  row_id: string;
  local_id: string;
  key: string;
  value: string;
  row: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A held server sale and everything held because of it: the head row (`sales`, key `number`)
 * and, transitively, the rows whose held parent is in the family (`value` is the JSON array
 * `[parent id]` written by `HeldChildren.keep`): items, payments, stock movements, returns,
 * return items, installments… Parents before children (the synced tables' declaration order),
 * so a write with foreign keys on never meets a child before its parent.
 */
export function heldFamily(db: Db, head: HeldRow): HeldRow[] {
  const family: HeldRow[] = [head];
  const byValue = db.raw.prepare('SELECT * FROM sync_key_conflicts WHERE value = ? AND local_id = ?');
  const seen = new Set([`${head.table_name}\u0000${head.row_id}`]);
  for (let i = 0; i < family.length; i++) {
    const parent = family[i]!;
    for (const child of byValue.all(JSON.stringify([parent.row_id]), head.local_id) as HeldRow[]) {
      const id = `${child.table_name}\u0000${child.row_id}`;
      if (seen.has(id)) continue;
      seen.add(id);
      family.push(child);
    }
  }
  const order = new Map(syncedTableList().map((t, i) => [t.table as string, i]));
  return family.sort((a, b) => (order.get(a.table_name) ?? 999) - (order.get(b.table_name) ?? 999));
}

/**
 * Writes a held family exactly as the server sent it, in the caller's transaction, with foreign
 * keys as the connection has them (on, for an operation: a row whose parent is missing throws
 * and the caller's transaction rolls back). Plain SQL, never `insertRow`: these rows came from
 * the server and go back to no outbox. Facts are inserted once (`DO NOTHING` when the id is
 * already here); records upsert; a row meeting another UNIQUE throws. Stock levels follow by their trigger; the sales written are
 * projected (`projectSaleState`, no history row: the history arrives from the desktop that made
 * the change). A held row whose key is already here is applied as the update it is
 * (`writeRow`). Then the family leaves `sync_key_conflicts`. Returns the rows written.
 */
export function writeHeldFamily(db: Db, family: HeldRow[], now: string): number {
  const keys = new Map(syncedTableList().map((t) => [t.table as string, t.key]));
  const known = new Map<string, Set<string>>();
  const sales = new Set<string>();
  let written = 0;
  for (const held of family) {
    const key = keys.get(held.table_name);
    if (!key) continue;
    let columns = known.get(held.table_name);
    if (!columns) {
      columns = new Set(
        db.raw.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(held.table_name) as string[],
      );
      known.set(held.table_name, columns);
    }
    const row = JSON.parse(held.row) as Record<string, unknown>;
    const names = Object.keys(row).filter((c) => columns.has(c));
    // A row whose key is here is the update it was (the server's `{ id, number, seq }` renumber
    // of a local sale, held because another local sale had that number): set, never skipped.
    const spec = { table: held.table_name, kind: isFactTable(held.table_name) ? 'fact' : 'record', key } as const;
    const here = db.statement(`SELECT 1 FROM ${quote(held.table_name)} WHERE ${quote(key)} = ?`).get(row[key]);
    written += writeRow(db, spec, { operation: 'insert' }, Object.fromEntries(names.map((c) => [c, row[c]])), !!here);
    if (held.table_name === 'sales') sales.add(held.row_id);
    else if (typeof row.sale_id === 'string') sales.add(row.sale_id);
  }
  for (const sale of sales) projectSaleState(db, sale, now);
  const remove = db.raw.prepare('DELETE FROM sync_key_conflicts WHERE table_name = ? AND row_id = ?');
  for (const held of family) remove.run(held.table_name, held.row_id);
  log.info('sync: a held server sale was written with its rows', {
    sale: family[0]?.row_id,
    rows: family.length,
    written,
  });
  return written;
}

/** The held server sales (head rows: `sales` refused on `number`), oldest first. */
export function heldSales(db: Db): HeldRow[] {
  return db.raw
    .prepare(`SELECT * FROM sync_key_conflicts WHERE table_name = 'sales' AND key = 'number' ORDER BY seen_at, row_id`)
    .all() as HeldRow[];
}

/**
 * After a pull: writes every held server sale whose number no local sale holds any more (the
 * local one was renumbered, here or by an update the server sent into the held row), with its
 * held rows — nothing to choose, so nothing to ask. One transaction per sale; a sale whose rows
 * cannot be written yet (a parent still missing) stays held and is logged. Returns the sales
 * written.
 */
export function settleFreedConflicts(db: Db, now: string): number {
  let settled = 0;
  for (const head of heldSales(db)) {
    const row = JSON.parse(head.row) as { number?: unknown };
    const taken = db.raw.prepare('SELECT 1 FROM sales WHERE number = ? AND id <> ?').get(row.number, head.row_id);
    if (taken) continue;
    try {
      db.transaction(() => writeHeldFamily(db, heldFamily(db, head), now));
      settled++;
    } catch (error) {
      log.warn('sync: a held sale whose number is free could not be written yet', {
        sale: head.row_id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return settled;
}
