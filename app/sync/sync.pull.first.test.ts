import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../test/helpers';
import { runDemo } from '../analytics/demo';
import type { Db } from '../db/db';
import { syncedTableList } from './outbox';
import { applyChanges, projectDirtySales, type ApplyOptions } from './sync.apply';
import { analyticsRebuildSql, enterFirstSync, finishFirstSync, inFirstSync } from './sync.pull.first';

const NOW = '2026-11-30T12:00:00.000Z';

const schema = (db: Db) =>
  db.raw
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name`)
    .all();

/** Copies `tables` of `source` into `device` as pull pages of 50 rows (one transaction each, FKs off). */
function copyTables(source: Db, device: Db, tables: ReturnType<typeof syncedTableList>, options: ApplyOptions) {
  device.raw.pragma('foreign_keys = OFF');
  for (const spec of tables) {
    const rows = source.raw.prepare(`SELECT * FROM "${spec.table}" ORDER BY "${spec.key}"`).all() as Record<
      string,
      unknown
    >[];
    for (let i = 0; i < rows.length; i += 50) {
      const page = rows.slice(i, i + 50).map((value) => ({ operation: 'insert' as const, value }));
      device.transaction(() => applyChanges(device, spec, page, NOW, options));
    }
  }
  device.raw.pragma('foreign_keys = ON');
}

/** Everything derived from the synced facts that this device keeps. */
function projections(db: Db) {
  const all = (sql: string) => db.raw.prepare(sql).all();
  return {
    sale_state: all(
      `SELECT sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents FROM sale_state ORDER BY sale_id`,
    ),
    stock_levels: all('SELECT * FROM stock_levels ORDER BY variant_id, store_id'),
    analytics_sales: all('SELECT * FROM analytics_sales ORDER BY sale_id'),
    catalog_docs: all(
      'SELECT variant_id, name, brand, category, size, color, sku, barcodes FROM catalog_search_docs ORDER BY variant_id',
    ),
    catalog_found: all(
      `SELECT d.variant_id FROM catalog_search JOIN catalog_search_docs d ON d.doc_id = catalog_search.rowid
       WHERE catalog_search MATCH 'a*' ORDER BY d.variant_id`,
    ),
    customers_found: all(
      `SELECT d.customer_id FROM customer_search JOIN customer_search_docs d ON d.doc_id = customer_search.rowid
       WHERE customer_search MATCH 'a*' ORDER BY d.customer_id`,
    ),
  };
}

describe('first sync of a new desktop (sync.pull.first.ts)', () => {
  it('rebuilds indexes, triggers and every projection as row-by-row upkeep leaves them, resuming after a kill at any step', async () => {
    const source = await openTestApp();
    runDemo(source.db, { customers: 30, sales: 80, seed: 14, now: new Date(NOW) });
    const tables = syncedTableList();

    // Reference: the same rows pulled the usual way (indexes and triggers kept, sales queued).
    const usual = await openTestApp();
    copyTables(source.db, usual.db, tables, { deferSaleState: true });
    projectDirtySales(usual.db, NOW);

    const device = await openTestApp();
    const before = schema(device.db);
    expect(enterFirstSync(device.db, NOW)).toBe(true);
    const dropped = device.db.raw.prepare(`SELECT name FROM sync_first_sync WHERE kind <> 'marker'`).pluck().all();
    expect(dropped).toEqual(
      expect.arrayContaining(['sales_store', 'stock_levels_after_movement', 'sale_state_status']),
    );
    expect(dropped).not.toContain('customers_cpf'); // UNIQUE: kept, collisions still seen
    const half = Math.floor(tables.length / 2);
    copyTables(source.db, device.db, tables.slice(0, half), { deferSaleState: true, firstSync: true });
    // Killed here: the next pull finds the marker and goes on in first-sync mode.
    expect(enterFirstSync(device.db, NOW)).toBe(true);
    copyTables(source.db, device.db, tables.slice(half), { deferSaleState: true, firstSync: true });
    expect(device.db.raw.prepare('SELECT count(*) FROM sale_state').pluck().get()).toBe(0);
    // Killed in the rebuild, right after the first index came back (before its row went).
    const first = device.db.raw
      .prepare('SELECT sql FROM sync_first_sync WHERE phase = 1 ORDER BY name LIMIT 1')
      .pluck()
      .get() as string;
    device.db.raw.exec(first);
    finishFirstSync(device.db, NOW);

    expect(inFirstSync(device.db)).toBe(false);
    expect(schema(device.db)).toEqual(before);
    const got = projections(device.db);
    expect(got.sale_state).toHaveLength(80);
    expect(got.catalog_found.length).toBeGreaterThan(0);
    expect(got.customers_found.length).toBeGreaterThan(0);
    expect(got).toEqual(projections(usual.db));
    // The source computed the same sale states and stock as it sold.
    expect(got.sale_state).toEqual(projections(source.db).sale_state);
    expect(got.stock_levels).toEqual(projections(source.db).stock_levels);
    // A later pull is an ordinary one: the triggers are back, the tables are not empty.
    expect(enterFirstSync(device.db, NOW)).toBe(false);
  });

  it('does not create again a saved index a migration retired (0034 run mid-sync by older code)', async () => {
    const device = await openTestApp();
    expect(enterFirstSync(device.db, NOW)).toBe(true);
    device.db.raw
      .prepare('INSERT INTO sync_first_sync (name, kind, table_name, phase, sql) VALUES (?, ?, ?, ?, ?)')
      .run(
        'analytics_sales_day',
        'index',
        'analytics_sales',
        2,
        'CREATE INDEX analytics_sales_day ON analytics_sales (local_date, counted)',
      );
    finishFirstSync(device.db, NOW);
    expect(inFirstSync(device.db)).toBe(false);
    const index = device.db.raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'analytics_sales_day'`).get();
    expect(index).toBeUndefined();
    expect(
      device.db.raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'analytics_sales_export'`).pluck().get(),
    ).toBe('analytics_sales_export');
  });

  it('drops the analytics triggers only when their rebuild can be read from them', () => {
    const trigger = `CREATE TRIGGER analytics_sale_state_insert AFTER INSERT ON sale_state BEGIN DELETE FROM analytics_sales WHERE sale_id = NEW.sale_id;
    INSERT INTO analytics_sales (sale_id, status) SELECT s.id, ss.status FROM sales s JOIN sale_state ss ON ss.sale_id = s.id WHERE s.id = NEW.sale_id; END`;
    expect(analyticsRebuildSql(trigger)).toBe(
      'INSERT INTO analytics_sales (sale_id, status) SELECT s.id, ss.status FROM sales s JOIN sale_state ss ON ss.sale_id = s.id WHERE 1 = 1',
    );
    expect(
      analyticsRebuildSql(
        trigger.replace('DELETE FROM analytics_sales', 'UPDATE x SET y = 1; DELETE FROM analytics_sales'),
      ),
    ).toBeNull();
  });
});
