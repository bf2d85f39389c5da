import type { Db } from '../db/db';
import { toParams } from '../db/db';
import { log } from '../log';
import { projectSaleState, projectSaleStates } from '../sales/sale-state';
import { hasPendingUpdate, localColliders, mergeLocal } from './sync.merge';

/** One change of a shape page as `@electric-sql/client` hands it over (values parsed). */
export interface IncomingChange {
  operation: 'insert' | 'update' | 'delete';
  value: Record<string, unknown>;
  /** A `delete` sent for a merge: the id of the row kept (the server's `merged_into` header). */
  mergedInto?: string;
}

export interface ShapeTable {
  table: string;
  kind: 'fact' | 'record';
  key: string;
}

export interface PageResult {
  applied: number;
  /** Changes whose columns were all held back by a local change not yet acknowledged. */
  held: number;
  /**
   * Rows refused by a local UNIQUE that could not be merged (the local row's value comes from a
   * local update the server has not answered yet): logged, skipped; the server settles it.
   */
  conflicts: number;
  /** Local rows merged into the server's (same SKU, CPF, register code… made on two desktops). */
  merged: number;
}

export interface ApplyOptions {
  /**
   * Queue the sales a page touched in `sync_dirty_sales` (same transaction) for
   * `projectDirtySales` at the end of the pull, instead of projecting them now: a sale's facts
   * arrive over several tables, so it is projected once instead of once per page.
   */
  deferSaleState?: boolean;
}

/** Tables whose rows change a sale's `sale_state`; the value names the sale column. */
const SALE_FACTS: Record<string, string> = {
  sales: 'id',
  sale_items: 'sale_id',
  sale_discounts: 'sale_id',
  payments: 'sale_id',
  cancellations: 'sale_id',
  returns: 'sale_id',
  fiscal_documents: 'sale_id',
  sale_expirations: 'sale_id',
  chargebacks: 'sale_id',
  crediario_installments: 'sale_id',
};

const columnCache = new WeakMap<Db, Map<string, Set<string>>>();

/** The device table's columns (a server column this device does not know is dropped). */
function deviceColumns(db: Db, table: string): Set<string> {
  let byTable = columnCache.get(db);
  if (!byTable) columnCache.set(db, (byTable = new Map<string, Set<string>>()));
  let columns = byTable.get(table);
  if (!columns) {
    columns = new Set(db.raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
    byTable.set(table, columns);
  }
  return columns;
}

/**
 * Columns of this table's rows that a local change not yet acknowledged by the server has set
 * (`sync_outbox` rows neither pushed nor rejected): those stay as the user left them until the
 * server has the change and sends it back in its order. An insert holds every column.
 */
function pendingColumns(db: Db, table: string): Map<string, Set<string> | 'all'> {
  const rows = db
    .statement(
      `SELECT row_id, kind, payload FROM sync_outbox
       WHERE table_name = ? AND pushed_at IS NULL AND rejected_code IS NULL`,
    )
    .all(table) as { row_id: string; kind: string; payload: string }[];
  const pending = new Map<string, Set<string> | 'all'>();
  for (const row of rows) {
    if (row.kind === 'insert') {
      pending.set(row.row_id, 'all');
      continue;
    }
    const held = pending.get(row.row_id);
    if (held === 'all') continue;
    const set = held ?? new Set<string>();
    for (const column of Object.keys(JSON.parse(row.payload) as object)) set.add(column);
    pending.set(row.row_id, set);
  }
  return pending;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function writeRow(db: Db, spec: ShapeTable, change: IncomingChange, row: Record<string, unknown>, exists: boolean) {
  const names = Object.keys(row);
  const others = names.filter((c) => c !== spec.key);
  const values = toParams(names.map((c) => row[c] as never));
  if (change.operation === 'update' || exists) {
    if (others.length === 0) return 0;
    const sql = `UPDATE ${quote(spec.table)} SET ${others.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${quote(spec.key)} = ?`;
    return db.statement(sql).run(...toParams(others.map((c) => row[c] as never)), row[spec.key]).changes;
  }
  const insert = `INSERT INTO ${quote(spec.table)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const conflict =
    spec.kind === 'fact' || others.length === 0
      ? ` ON CONFLICT DO NOTHING`
      : ` ON CONFLICT (${quote(spec.key)}) DO UPDATE SET ${others.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  return db.statement(insert + conflict).run(...values).changes;
}

/**
 * Applies one page of a shape to the device in the caller's transaction: inserts are upserts
 * (facts `DO NOTHING`: they never change), updates set the columns they carry — last writer
 * wins in the server's order, device clocks never decide. Columns a local, unacknowledged
 * change has set are held back. Rows are written with plain SQL, never `insertRow`, so nothing
 * arriving goes back into the outbox. Stock levels and the catalog search index follow by their
 * triggers; `sale_state` is recomputed here for every sale the page touches.
 */
export function applyChanges(
  db: Db,
  spec: ShapeTable,
  changes: IncomingChange[],
  now: string,
  options: ApplyOptions = {},
): PageResult {
  const result: PageResult = { applied: 0, held: 0, conflicts: 0, merged: 0 };
  if (changes.length === 0) return result;
  const known = deviceColumns(db, spec.table);
  const pending = spec.kind === 'record' ? pendingColumns(db, spec.table) : new Map<string, Set<string> | 'all'>();
  const sales = new Set<string>();
  const saleColumn = SALE_FACTS[spec.table];
  const touched = (row: Record<string, unknown>) => {
    if (saleColumn && typeof row[saleColumn] === 'string') sales.add(row[saleColumn]);
    if (spec.table === 'return_items' && typeof row.sale_item_id === 'string') {
      const sale = db.statement('SELECT sale_id FROM sale_items WHERE id = ?').pluck().get(row.sale_item_id);
      if (typeof sale === 'string') sales.add(sale);
    }
  };
  const one = (change: IncomingChange, row: Record<string, unknown>, held: boolean) => {
    const outcome = writeOrMerge(db, spec, change, row, held, now, sales);
    if (outcome === 'conflict') {
      result.conflicts++;
      return;
    }
    result.applied++;
    if (outcome === 'merged') result.merged++;
    touched(row);
  };
  // Inserts of rows with no local change pending go in multi-row statements (`bulk`).
  const bulk = new BulkInserts(
    db,
    spec,
    (rows) => {
      result.applied += rows.length;
      for (const row of rows) touched(row);
    },
    (row) => one({ operation: 'insert', value: row }, row, false),
  );
  for (const change of changes) {
    if (change.operation !== 'insert' || pending.has(String(change.value[spec.key]))) bulk.flush();
    if (change.operation === 'delete') {
      if (change.mergedInto && spec.key === 'id') {
        const id = String(change.value[spec.key]);
        const exists = db.statement(`SELECT 1 FROM ${quote(spec.table)} WHERE id = ?`).get(id) !== undefined;
        if (exists)
          follow(db, spec.table, mergeLocal(db, spec.table, id, change.mergedInto, now), change.mergedInto, sales);
        db.statement(
          'INSERT OR IGNORE INTO sync_merges (table_name, from_id, to_id, merged_at) VALUES (?, ?, ?, ?)',
        ).run(spec.table, id, change.mergedInto, now);
        if (exists) result.merged++;
      }
      continue;
    }
    const id = String(change.value[spec.key]);
    const held = pending.get(id);
    if (held === 'all' && spec.kind === 'record') {
      result.held++;
      continue;
    }
    const row: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(change.value)) {
      if (!known.has(column)) continue;
      if (held instanceof Set && held.has(column) && column !== spec.key) continue;
      row[column] = typeof value === 'boolean' ? Number(value) : value;
    }
    if (held instanceof Set && Object.keys(row).length <= 1) {
      result.held++;
      continue;
    }
    if (change.operation === 'insert' && held === undefined) bulk.add(row);
    else one(change, row, held instanceof Set);
  }
  bulk.flush();
  if (options.deferSaleState) {
    const queue = db.statement('INSERT OR IGNORE INTO sync_dirty_sales (sale_id) VALUES (?)');
    for (const sale of sales) queue.run(sale);
  } else {
    for (const sale of sales) projectSaleState(db, sale, now);
  }
  return result;
}

/** Rows per multi-row INSERT (SQLite allows 32,766 parameters per statement). */
const BULK_ROWS = 100;

/**
 * Consecutive inserts of one page with the same columns, written `BULK_ROWS` at a time by one
 * cached multi-row statement (facts `ON CONFLICT DO NOTHING`, records upserted), instead of a
 * statement per row. A chunk that a local UNIQUE refuses (an error, or a fact skipped) is
 * written again row by row through `single`, which merges or reports the conflict exactly as
 * before: the statement that failed wrote nothing (SQLite undoes a failed statement).
 */
class BulkInserts {
  private rows: Record<string, unknown>[] = [];
  private columns: string[] = [];
  private signature = '';

  constructor(
    private readonly db: Db,
    private readonly spec: ShapeTable,
    private readonly written: (rows: Record<string, unknown>[]) => void,
    private readonly single: (row: Record<string, unknown>) => void,
  ) {}

  add(row: Record<string, unknown>): void {
    const names = Object.keys(row);
    const signature = names.join(',');
    if (signature !== this.signature) {
      this.flush();
      this.signature = signature;
      this.columns = names;
    }
    this.rows.push(row);
    if (this.rows.length === BULK_ROWS) this.flush();
  }

  flush(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    this.rows = [];
    const params: unknown[] = [];
    for (const row of rows) for (const column of this.columns) params.push(row[column] ?? null);
    let changed = -1;
    try {
      changed = this.db.statement(bulkInsertSql(this.spec, this.columns, rows.length)).run(...toParams(params)).changes;
    } catch (error) {
      if (!(error instanceof Error) || !/UNIQUE constraint failed/.test(error.message)) throw error;
    }
    if (changed === rows.length) this.written(rows);
    else for (const row of rows) this.single(row);
  }
}

const bulkSql = new Map<string, string>();

function bulkInsertSql(spec: ShapeTable, columns: string[], count: number): string {
  const cacheKey = `${spec.table}|${columns.join(',')}|${count}`;
  let text = bulkSql.get(cacheKey);
  if (text) return text;
  const others = columns.filter((c) => c !== spec.key);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const conflict =
    spec.kind === 'fact' || others.length === 0
      ? ` ON CONFLICT DO NOTHING`
      : ` ON CONFLICT (${quote(spec.key)}) DO UPDATE SET ${others.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  text = `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(', ')}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}${conflict}`;
  bulkSql.set(cacheKey, text);
  return text;
}

/**
 * Projects the sales a deferred pull queued (`sync_dirty_sales`), in transactions of a few
 * thousand, each removing what it projected; what a killed pull left is projected by the next.
 * Returns the sales projected.
 */
export function projectDirtySales(db: Db, now: string): number {
  let done = 0;
  for (;;) {
    const count = db.transaction(() => {
      const ids = db.statement('SELECT sale_id FROM sync_dirty_sales LIMIT 5000').pluck().all() as string[];
      if (ids.length === 0) return 0;
      projectSaleStates(db, ids, now);
      db.statement('DELETE FROM sync_dirty_sales WHERE sale_id IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(ids),
      );
      return ids.length;
    });
    if (count === 0) return done;
    done += count;
  }
}

/**
 * Writes one incoming row. When a local UNIQUE refuses it (or, for a fact, silently skips it),
 * the local rows holding that key are merged into the server's row — the server keeps the
 * first by its order, and this row is on the server — then the row is written again. A
 * collision caused by a local update not yet acknowledged stays a conflict (skipped, logged).
 */
function writeOrMerge(
  db: Db,
  spec: ShapeTable,
  change: IncomingChange,
  row: Record<string, unknown>,
  held: boolean,
  now: string,
  sales: Set<string>,
): 'written' | 'merged' | 'conflict' {
  const id = String(row[spec.key]);
  let reason: string;
  try {
    const changed = writeRow(db, spec, change, row, held);
    if (changed > 0 || spec.kind !== 'fact' || change.operation !== 'insert') return 'written';
    if (db.statement(`SELECT 1 FROM ${quote(spec.table)} WHERE ${quote(spec.key)} = ?`).get(id)) return 'written';
    reason = 'a fact skipped by ON CONFLICT';
  } catch (error) {
    if (!(error instanceof Error) || !/UNIQUE constraint failed/.test(error.message)) throw error;
    reason = error.message;
  }
  const colliders = spec.key === 'id' ? localColliders(db, spec.table, spec.key, row) : [];
  if (colliders.length === 0 || colliders.some((other) => hasPendingUpdate(db, spec.table, other))) {
    log.warn('sync pull: row refused by a local unique key', { table: spec.table, id, reason });
    return 'conflict';
  }
  for (const other of colliders) follow(db, spec.table, mergeLocal(db, spec.table, other, id, now), id, sales);
  try {
    writeRow(db, spec, change, row, held);
  } catch (error) {
    if (!(error instanceof Error) || !/UNIQUE constraint failed/.test(error.message)) throw error;
    log.warn('sync pull: row refused by a local unique key after a merge', { table: spec.table, id });
    return 'conflict';
  }
  return 'merged';
}

/** Projections after a merge into `kept`: the sale states it moved (stock levels: mergeLocal). */
function follow(db: Db, table: string, _touched: Set<string>, kept: string, sales: Set<string>): void {
  const column = SALE_FACTS[table];
  if (column) {
    const sale =
      table === 'sales'
        ? kept
        : db
            .statement(`SELECT ${quote(column)} FROM ${quote(table)} WHERE id = ?`)
            .pluck()
            .get(kept);
    if (typeof sale === 'string') sales.add(sale);
  }
}

/**
 * Drops the synced copy of one table for a `must-refetch` (the shape starts again from its
 * snapshot): every row but those a pending local change created or changed, which stay visible
 * and still go out through the outbox — the outbox itself is never touched. Stock levels are
 * rebuilt from the remaining movements; sale states from the remaining facts as rows return.
 */
export function clearShapeCopy(db: Db, spec: ShapeTable): number {
  const removed = db
    .statement(
      `DELETE FROM ${quote(spec.table)} WHERE ${quote(spec.key)} NOT IN (
        SELECT row_id FROM sync_outbox WHERE table_name = ? AND pushed_at IS NULL AND rejected_code IS NULL)`,
    )
    .run(spec.table).changes;
  if (spec.table === 'stock_movements') {
    db.statement('DELETE FROM stock_levels').run();
    db.statement(
      `INSERT INTO stock_levels (variant_id, store_id, qty_milli)
       SELECT variant_id, store_id, sum(qty_milli) FROM stock_movements GROUP BY variant_id, store_id`,
    ).run();
  }
  return removed;
}
