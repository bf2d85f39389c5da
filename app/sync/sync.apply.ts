import type { Db } from '../db/db';
import { toParams } from '../db/db';
import { log } from '../log';
import { projectSaleState, projectSaleStates } from '../sales/sale-state';
import { isMergeKey } from './merge-keys';
import { BulkInserts } from './sync.apply.bulk';
import { HeldChildren } from './sync.apply.held';
import { hasPendingUpdate, keyCollisions, mergeLocal, recordKeyConflict } from './sync.merge';

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
   * Also rows kept in `sync_key_conflicts`: refused by a key that is not merged, or pointing at
   * a row held there (`sync.apply.held.ts`).
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
  /**
   * A first sync (`sync.pull.first.ts`): no sale is tracked nor projected per page, since every
   * sale is projected once when it ends.
   */
  firstSync?: boolean;
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

/**
 * Writes one row the server sent, with plain SQL (no outbox): an `update`, or a row already
 * here (`exists`), sets the columns it carries; an insert adds it — facts once (`DO NOTHING`
 * on the key), records upserted on the key. Only the row's own key may already be here: any
 * other UNIQUE it meets throws (the pull turns that into a merge or a conflict, settling into a
 * refusal). Returns the rows changed (0 or 1). Used by the pull and by `writeHeldFamily`.
 */
export function writeRow(
  db: Db,
  spec: ShapeTable,
  change: Pick<IncomingChange, 'operation'>,
  row: Record<string, unknown>,
  exists: boolean,
) {
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
      ? ` ON CONFLICT (${quote(spec.key)}) DO NOTHING`
      : ` ON CONFLICT (${quote(spec.key)}) DO UPDATE SET ${others.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  return db.statement(insert + conflict).run(...values).changes;
}

/**
 * Applies one page of a shape to the device in the caller's transaction: inserts are upserts
 * (facts `DO NOTHING`: they never change), updates set the columns they carry — last writer
 * wins in the server's order, device clocks never decide. Columns a local, unacknowledged
 * change has set are held back. Rows are written with plain SQL, never `insertRow`, so nothing
 * arriving goes back into the outbox. Stock levels and the catalog search index follow by their
 * triggers; `sale_state` is recomputed here for every sale the page touches (queued with
 * `deferSaleState`; left to the rebuild with `firstSync`).
 */
export function applyChanges(
  db: Db,
  spec: ShapeTable,
  changes: IncomingChange[],
  now: string,
  options: ApplyOptions = {},
): PageResult {
  const page = new PageApply(db, spec, now, options);
  for (const change of changes) page.apply(change);
  return page.finish();
}

/** One page being applied: its counts, the sales it touched and its inserts waiting in `bulk`. */
class PageApply {
  readonly result: PageResult = { applied: 0, held: 0, conflicts: 0, merged: 0 };
  private readonly sales = new Set<string>();
  private readonly known: Set<string>;
  private readonly pending: Map<string, Set<string> | 'all'>;
  private readonly saleColumn: string | undefined;
  private readonly bulk: BulkInserts;
  private readonly heldChildren: HeldChildren;

  constructor(
    private readonly db: Db,
    private readonly spec: ShapeTable,
    private readonly now: string,
    private readonly options: ApplyOptions,
  ) {
    this.known = deviceColumns(db, spec.table);
    this.pending = spec.kind === 'record' ? pendingColumns(db, spec.table) : new Map<string, Set<string> | 'all'>();
    // A first sync projects every sale at its end: no sale is tracked row by row.
    this.saleColumn = options.firstSync ? undefined : SALE_FACTS[spec.table];
    this.heldChildren = new HeldChildren(db, spec.table, spec.key);
    // Inserts of rows with no local change pending go in multi-row statements.
    this.bulk = new BulkInserts(
      db,
      spec,
      (rows) => this.written(rows),
      (row) => this.one({ operation: 'insert', value: row }, row, false),
    );
  }

  apply(change: IncomingChange): void {
    const id = String(change.value[this.spec.key]);
    if (change.operation !== 'insert' || this.pending.has(id)) this.bulk.flush();
    if (change.operation === 'delete') return this.delete(change, id);
    const held = this.pending.get(id);
    const row = held === 'all' ? undefined : this.incomingRow(change.value, held);
    if (!row) {
      this.result.held++;
      return;
    }
    // A row whose parent is held in sync_key_conflicts is held there too, never written.
    if (this.heldChildren.keep(change.operation, row, this.now)) {
      this.result.conflicts++;
      return;
    }
    if (change.operation === 'insert' && held === undefined) this.bulk.add(row);
    else this.one(change, row, held instanceof Set);
  }

  /** The columns this device knows, minus those held; undefined when nothing but the key is left. */
  private incomingRow(value: Record<string, unknown>, held: Set<string> | undefined) {
    const row: Record<string, unknown> = {};
    let count = 0;
    for (const column in value) {
      if (!this.known.has(column)) continue;
      if (held !== undefined && held.has(column) && column !== this.spec.key) continue;
      const v = value[column];
      row[column] = typeof v === 'boolean' ? Number(v) : v;
      count++;
    }
    return held !== undefined && count <= 1 ? undefined : row;
  }

  /** A `delete` is only ever a merge (facts and records are never deleted by the server). */
  private delete(change: IncomingChange, id: string): void {
    if (!change.mergedInto || this.spec.key !== 'id') return;
    const { db, spec, now } = this;
    const exists = db.statement(`SELECT 1 FROM ${quote(spec.table)} WHERE id = ?`).get(id) !== undefined;
    if (exists)
      follow(db, spec.table, mergeLocal(db, spec.table, id, change.mergedInto, now), change.mergedInto, this.sales);
    db.statement('INSERT OR IGNORE INTO sync_merges (table_name, from_id, to_id, merged_at) VALUES (?, ?, ?, ?)').run(
      spec.table,
      id,
      change.mergedInto,
      now,
    );
    if (exists) this.result.merged++;
  }

  private one(change: IncomingChange, row: Record<string, unknown>, held: boolean): void {
    const outcome = writeOrMerge(this.db, this.spec, change, row, held, this.now, this.sales);
    if (outcome === 'conflict') {
      this.result.conflicts++;
      return;
    }
    this.result.applied++;
    if (outcome === 'merged') this.result.merged++;
    this.touched(row);
  }

  private written(rows: Record<string, unknown>[]): void {
    this.result.applied += rows.length;
    if (this.saleColumn || this.spec.table === 'return_items') for (const row of rows) this.touched(row);
  }

  private touched(row: Record<string, unknown>): void {
    if (this.options.firstSync) return;
    const sale = this.saleColumn ? row[this.saleColumn] : undefined;
    if (typeof sale === 'string') this.sales.add(sale);
    if (this.spec.table === 'return_items' && typeof row.sale_item_id === 'string') {
      const of = this.db.statement('SELECT sale_id FROM sale_items WHERE id = ?').pluck().get(row.sale_item_id);
      if (typeof of === 'string') this.sales.add(of);
    }
  }

  finish(): PageResult {
    this.bulk.flush();
    if (this.options.firstSync) return this.result;
    if (this.options.deferSaleState) {
      const queue = this.db.statement('INSERT OR IGNORE INTO sync_dirty_sales (sale_id) VALUES (?)');
      for (const sale of this.sales) queue.run(sale);
    } else {
      for (const sale of this.sales) projectSaleState(this.db, sale, this.now);
    }
    return this.result;
  }
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
  const collisions = spec.key === 'id' ? keyCollisions(db, spec.table, spec.key, row) : [];
  // Only a declared merge key means "the same row"; any other UNIQUE (a sale's number) is a conflict.
  const unmerged = collisions.find((c) => !isMergeKey(spec.table, c.columns));
  if (unmerged) {
    recordKeyConflict(db, spec.table, row, unmerged, now);
    return 'conflict';
  }
  const colliders = [...new Set(collisions.map((c) => c.other))];
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
