import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { openFixtureStore } from '../../app/analytics/analytics.fixture';
import { storeMissingDays } from '../../app/analytics/day-cache';
import { analyticsRebuildSql, enterFirstSync, finishFirstSync } from '../../app/sync/sync.pull.first';
import { tempDbPath } from '../../test/helpers';
import { deviceMigrations } from './index';

/** The facts an existing database holds (0017's triggers derive analytics_sales as they are copied). */
const TABLES = [
  'stores',
  'customers',
  'salespeople',
  'products',
  'variants',
  'analytics_tz_offsets',
  'sales',
  'sale_items',
  'payments',
  'sale_discounts',
  'returns',
  'return_items',
  'cancellations',
  'sale_state',
];

const through = (last: string) => Object.fromEntries(Object.entries(deviceMigrations).filter(([n]) => n <= last));

function columns(raw: BetterSqlite3.Database, schema: string, table: string): string[] {
  return raw.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[];
}

/** A database at 0033 holding the issue 13 fixture's facts (returns, a cancellation, an unpaid sale…). */
async function at0033(): Promise<{ raw: BetterSqlite3.Database; db: Db }> {
  const source = tempDbPath();
  const { app } = await openFixtureStore(source);
  app.close();
  const raw = new BetterSqlite3(':memory:');
  const db = new Db(raw);
  await migrateToLatest(db, through('0033_sync_first_sync'));
  raw.pragma('foreign_keys = OFF');
  raw.exec(`ATTACH DATABASE '${source}' AS src`);
  for (const table of TABLES) {
    const here = new Set(columns(raw, 'main', table));
    const shared = columns(raw, 'src', table)
      .filter((c) => here.has(c))
      .map((c) => `"${c}"`)
      .join(', ');
    raw.exec(`INSERT INTO main.${table} (${shared}) SELECT ${shared} FROM src.${table}`);
  }
  raw.exec('DETACH DATABASE src');
  return { raw, db };
}

/** Each sale's export columns as the base tables say them. */
const FROM_BASE = `SELECT s.id, s.number, s.subtotal_cents, s.line_discount_cents + s.order_discount_cents, ss.refunded_cents,
    (SELECT sum(i.qty_milli) FROM sale_items i WHERE i.sale_id = s.id)
  FROM sales s JOIN sale_state ss ON ss.sale_id = s.id ORDER BY s.id`;
const STORED = `SELECT sale_id, number, subtotal_cents, discount_cents, refunded_cents, items_milli
  FROM analytics_sales ORDER BY sale_id`;

const NOW = '2026-11-30T12:00:00.000Z';

/** Every index and trigger with its definition. */
const indexes = (raw: BetterSqlite3.Database) =>
  raw.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`).all();

const objectSql = (raw: BetterSqlite3.Database, name: string) =>
  raw.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string | undefined;

describe('0034_report_export_columns', () => {
  it('fills the export columns of existing sales from the base tables, keeps the day cache, and the triggers keep the first-sync shape', async () => {
    const { raw, db } = await at0033();
    expect(raw.prepare('SELECT count(*) FROM analytics_sales').pluck().get()).toBe(29);
    storeMissingDays(db, '2026-10-01', '2026-10-31');
    const days = raw.prepare('SELECT count(*) FROM analytics_days').pluck().get();
    expect(days).toBe(31);

    await migrateToLatest(db, through('0034_report_export_columns'));
    const stored = raw.prepare(STORED).raw(true).all();
    expect(stored).toEqual(raw.prepare(FROM_BASE).raw(true).all());
    // S10: two Camisas, one returned (R$ 100,00 back).
    const s10 = raw
      .prepare(
        `SELECT a.status, a.items_milli, a.subtotal_cents, a.refunded_cents, a.net_cents FROM analytics_sales a
         JOIN sales s ON s.id = a.sale_id WHERE s.external_id = 'S10'`,
      )
      .raw(true)
      .get();
    expect(s10).toEqual(['parcialmente_reembolsada', 2000, 20000, 10000, 10000]);
    // The day cache was not forgotten by the fill, and its trigger is back.
    expect(raw.prepare('SELECT count(*) FROM analytics_days').pluck().get()).toBe(days);
    raw.exec(`UPDATE analytics_sales SET local_hour = local_hour WHERE local_date = '2026-10-15'`);
    expect(raw.prepare(`SELECT count(*) FROM analytics_days WHERE local_date = '2026-10-15'`).pluck().get()).toBe(0);

    // One covering index in export order replaces (local_date, counted), a prefix of 0025's cover.
    expect(objectSql(raw, 'analytics_sales_day')).toBeUndefined();
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT a.number, a.occurred_at, a.store_id, a.salesperson_id, a.customer_id, a.status,
           a.items_milli, a.subtotal_cents, a.discount_cents, a.total_cents, a.refunded_cents, a.net_cents
         FROM analytics_sales a WHERE a.occurred_at >= ? AND a.occurred_at < ? AND a.local_date >= ? AND a.local_date <= ?
         ORDER BY a.occurred_at, a.sale_id`,
      )
      .all('a', 'b', 'c', 'd') as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual([
      'SEARCH a USING COVERING INDEX analytics_sales_export (occurred_at>? AND occurred_at<?)',
    ]);
    // The first sync rebuilds analytics_sales from the trigger's own INSERT … SELECT.
    const rebuild = analyticsRebuildSql(objectSql(raw, 'analytics_sale_state_insert') ?? '');
    expect(rebuild).toContain('items_milli');
    raw.exec(`DELETE FROM analytics_sales; ${rebuild}`);
    expect(raw.prepare(STORED).raw(true).all()).toEqual(stored);
    raw.close();
  });

  it('updates the saved copies of the triggers a first sync under way dropped, without creating them', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    await migrateToLatest(db, through('0033_sync_first_sync'));
    // As enterFirstSync leaves them: the trigger dropped, its CREATE saved.
    const old = objectSql(raw, 'analytics_sale_state_insert') ?? '';
    raw
      .prepare('INSERT INTO sync_first_sync (name, kind, table_name, phase, sql) VALUES (?, ?, ?, ?, ?)')
      .run('analytics_sale_state_insert', 'trigger', 'sale_state', 2, old);
    raw.exec('DROP TRIGGER analytics_sale_state_insert');

    await migrateToLatest(db, through('0034_report_export_columns'));
    expect(objectSql(raw, 'analytics_sale_state_insert')).toBeUndefined();
    const saved = raw
      .prepare(`SELECT sql FROM sync_first_sync WHERE name = 'analytics_sale_state_insert'`)
      .pluck()
      .get() as string;
    expect(saved).not.toBe(old);
    expect(analyticsRebuildSql(saved)).toContain('items_milli');
    // The ones it did not drop are replaced in place.
    expect(objectSql(raw, 'analytics_sale_state_update')).toContain('items_milli');
    expect(objectSql(raw, 'analytics_sales_update')).toContain('subtotal_cents');
    raw.close();
  });

  it('during a first sync: the day index’s saved copy goes, the export index is saved (not built), and the finish builds the indexes a fresh 0034 has', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    await migrateToLatest(db, through('0033_sync_first_sync'));
    expect(enterFirstSync(db, NOW)).toBe(true);
    const saved = () =>
      raw
        .prepare(`SELECT name, phase FROM sync_first_sync WHERE table_name = 'analytics_sales' ORDER BY name`)
        .raw(true)
        .all() as [string, number][];
    expect(saved()).toContainEqual(['analytics_sales_day', 2]);

    await migrateToLatest(db, through('0034_report_export_columns'));
    expect(objectSql(raw, 'analytics_sales_export')).toBeUndefined();
    const names = saved().map(([name]) => name);
    expect(names).toContain('analytics_sales_export');
    expect(names).not.toContain('analytics_sales_day');

    finishFirstSync(db, NOW);
    const fresh = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(fresh), through('0034_report_export_columns'));
    expect(indexes(raw)).toEqual(indexes(fresh));
    expect(objectSql(raw, 'analytics_sales_day')).toBeUndefined();
    expect(objectSql(raw, 'analytics_sales_export')).toContain('refunded_cents');
    fresh.close();
    raw.close();
  });
});
