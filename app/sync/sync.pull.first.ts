import { RETIRED_INDEXES } from '../../migrations/device/first-sync';
import type { Db } from '../db/db';
import { log } from '../log';
import { projectSaleStates } from '../sales/sale-state';
import { syncedTableList } from './outbox';

/**
 * The first sync of a new desktop (issue 14: a million rows in under 60 s). When the join flow
 * asks for it and every synced table is still empty, a pull does not maintain secondary indexes and derived data row by row:
 * it drops the non-unique indexes of the synced tables and of their projections and the
 * triggers that maintain derived data, downloads, then rebuilds all of it set-based — each index
 * created once, every sale projected once, stock levels, the analytics projection and both
 * search indexes filled by one statement each. UNIQUE indexes stay (a collision is still seen
 * and merged or listed as the pull meets it).
 *
 * Resumable: the `CREATE` statement of every object dropped is kept in `sync_first_sync`
 * (migration 0033) in the transaction that drops it, with a `marker` row; each comes back in
 * the transaction that deletes its row. A pull that finds rows there (a first sync killed at any
 * point, even in the rebuild) goes on in first-sync mode and finishes the rebuild when it is
 * up to date. A pull that stops early (server unreachable) leaves the marker for the next one.
 */

/** Derived tables whose secondary indexes are also rebuilt at the end (after their rebuild). */
const PROJECTIONS = ['sale_state', 'analytics_sales'];

/** Phase 1: back before the sales are projected (their facts queries need them). Phase 2: at the end. */
type Phase = 1 | 2;

interface Dropped {
  name: string;
  kind: 'index' | 'trigger';
  table_name: string;
  phase: Phase;
  sql: string;
}

/** Triggers maintaining derived data that the rebuild (`finishFirstSync`) reproduces set-based. */
function isDerivedTrigger(name: string): boolean {
  return (
    name === 'stock_levels_after_movement' ||
    /^(catalog|customer)_search_docs_a[iud]$/.test(name) ||
    name.startsWith('analytics_days_') ||
    name === 'analytics_sale_state_insert' ||
    name === 'analytics_sale_state_update'
  );
}

/**
 * The `INSERT INTO analytics_sales … SELECT` of every sale, taken from the trigger that
 * maintains one sale's row (so the rebuild is the trigger's own definition), or null when that
 * trigger no longer has the expected shape (then it is not dropped: slower, still right).
 */
export function analyticsRebuildSql(triggerSql: string): string | null {
  const match =
    /BEGIN\s+DELETE FROM analytics_sales WHERE sale_id = NEW\.sale_id;\s*(INSERT INTO analytics_sales\s*\([^)]*\)\s*SELECT[\s\S]*)WHERE s\.id = NEW\.sale_id;\s*END$/.exec(
      triggerSql.trim(),
    );
  return match ? `${match[1]}WHERE 1 = 1` : null;
}

function objectsToDrop(db: Db): Dropped[] {
  const synced = new Set<string>(syncedTableList().map((t) => t.table));
  const rows = db.raw
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; tbl_name: string; sql: string }[];
  const analyticsTrigger = rows.find((r) => r.name === 'analytics_sale_state_insert');
  const analyticsRebuildable = analyticsTrigger !== undefined && analyticsRebuildSql(analyticsTrigger.sql) !== null;
  const out: Dropped[] = [];
  for (const r of rows) {
    if (r.type === 'index') {
      if (/^\s*CREATE\s+UNIQUE\b/i.test(r.sql)) continue;
      if (synced.has(r.tbl_name)) out.push({ ...base(r), phase: 1 });
      else if (PROJECTIONS.includes(r.tbl_name)) out.push({ ...base(r), phase: 2 });
    } else if (isDerivedTrigger(r.name)) {
      if (r.name.startsWith('analytics_sale_state_') && !analyticsRebuildable) continue;
      out.push({ ...base(r), phase: 2 });
    }
  }
  return out;
}

function base(r: { type: 'index' | 'trigger'; name: string; tbl_name: string; sql: string }) {
  return { name: r.name, kind: r.type, table_name: r.tbl_name, sql: r.sql };
}

/** Whether a first sync is under way (rows in `sync_first_sync`, left by a pull or a kill). */
export function inFirstSync(db: Db): boolean {
  return db.statement('SELECT 1 FROM sync_first_sync LIMIT 1').get() !== undefined;
}

function everySyncedTableEmpty(db: Db): boolean {
  return syncedTableList().every((t) => db.raw.prepare(`SELECT 1 FROM "${t.table}" LIMIT 1`).get() === undefined);
}

/**
 * At the start of the join flow's pull (`PullOptions.firstSync`; other pulls only resume one
 * under way, `inFirstSync`): true when this pull runs in first-sync mode — one was under way,
 * or every synced table is empty (then the indexes and triggers are dropped now, in one
 * transaction with their saved definitions).
 */
export function enterFirstSync(db: Db, now: string): boolean {
  if (inFirstSync(db)) return true;
  if (!everySyncedTableEmpty(db)) return false;
  db.transaction(() => {
    const save = db.statement(
      'INSERT INTO sync_first_sync (name, kind, table_name, phase, sql) VALUES (?, ?, ?, ?, ?)',
    );
    save.run('*', 'marker', '*', 0, now);
    const dropped = objectsToDrop(db);
    for (const o of dropped) {
      save.run(o.name, o.kind, o.table_name, o.phase, o.sql);
      db.raw.exec(`DROP ${o.kind === 'index' ? 'INDEX' : 'TRIGGER'} IF EXISTS "${o.name}"`);
    }
    log.info('sync: first sync, secondary indexes and derived triggers dropped', { count: dropped.length });
  });
  return true;
}

/** The saved `CREATE` made idempotent (a migration run meanwhile may have created it again). */
function recreateSql(sql: string): string {
  return sql.replace(
    /^\s*CREATE\s+(UNIQUE\s+)?(INDEX|TRIGGER)\s+(?!IF NOT EXISTS)/i,
    (_m, unique: string | undefined, what: string) => `CREATE ${unique ?? ''}${what.toUpperCase()} IF NOT EXISTS `,
  );
}

function savedObjects(db: Db, phase: Phase): Dropped[] {
  return db
    .statement('SELECT name, kind, table_name, phase, sql FROM sync_first_sync WHERE phase = ? ORDER BY name')
    .all(phase) as Dropped[];
}

/** Sales projected per transaction by the rebuild. */
const PROJECT_CHUNK = 10_000;

/**
 * Ends a first sync once every table is up to date: the synced tables' indexes (one
 * transaction each), every sale's `sale_state` (chunks of `PROJECT_CHUNK`), then in one
 * transaction stock levels, the analytics projection, the day cache emptied, both search
 * indexes rebuilt, the projections' indexes and the triggers back, the marker gone. Each step
 * can be repeated, so a kill anywhere is finished by the next pull. `now` is an ISO instant.
 * A saved index a migration retired (`RETIRED_INDEXES`) is not created again.
 */
export function finishFirstSync(db: Db, now: string): void {
  const done = db.statement('DELETE FROM sync_first_sync WHERE name = ?');
  // Saved before a migration dropped the index for good (one run mid-sync by older code).
  for (const name of RETIRED_INDEXES) done.run(name);
  for (const o of savedObjects(db, 1)) {
    db.transaction(() => {
      db.raw.exec(recreateSql(o.sql));
      done.run(o.name);
    });
  }
  let last = '';
  for (;;) {
    const ids = db
      .statement('SELECT id FROM sales WHERE id > ? ORDER BY id LIMIT ?')
      .pluck()
      .all(last, PROJECT_CHUNK) as string[];
    if (ids.length === 0) break;
    db.transaction(() => projectSaleStates(db, ids, now));
    last = ids[ids.length - 1]!;
  }
  db.transaction(() => {
    const later = savedObjects(db, 2);
    rebuildDerived(db, later);
    for (const o of later) db.raw.exec(recreateSql(o.sql));
    db.statement('DELETE FROM sync_dirty_sales').run();
    db.statement('DELETE FROM sync_first_sync').run();
  });
  log.info('sync: first sync finished, indexes and derived data rebuilt', {});
}

/** The derived data whose triggers were dropped, rebuilt from the facts in one statement each. */
function rebuildDerived(db: Db, later: Dropped[]): void {
  const dropped = new Set(later.map((o) => o.name));
  if (dropped.has('stock_levels_after_movement')) {
    db.raw.exec(`DELETE FROM stock_levels;
      INSERT INTO stock_levels (variant_id, store_id, qty_milli)
        SELECT variant_id, store_id, sum(qty_milli) FROM stock_movements GROUP BY variant_id, store_id;`);
  }
  const analytics = later.find((o) => o.name === 'analytics_sale_state_insert');
  const rebuild = analytics ? analyticsRebuildSql(analytics.sql) : null;
  if (rebuild) db.raw.exec(`DELETE FROM analytics_sales; ${rebuild};`);
  if (later.some((o) => o.name.startsWith('analytics_days_'))) db.raw.exec('DELETE FROM analytics_days');
  if (dropped.has('catalog_search_docs_ai'))
    db.raw.exec(`INSERT INTO catalog_search (catalog_search) VALUES ('rebuild')`);
  if (dropped.has('customer_search_docs_ai'))
    db.raw.exec(`INSERT INTO customer_search (customer_search) VALUES ('rebuild')`);
}
