import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { LEDGER_CTE, ledgerParams } from '../../app/analytics/ledger';
import { openFixtureStore } from '../../app/analytics/analytics.fixture';
import { daysBetween } from '../../app/analytics/tz';
import { tempDbPath } from '../../test/helpers';
import { storeMissingDays } from '../../app/analytics/day-cache';
import { dayAggregateSql } from './0026_analytics_day_cache';
import { deviceMigrations } from './index';

/** The facts (and what 0017 derives from them) an existing database holds before 0026. */
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

function columns(raw: BetterSqlite3.Database, schema: string, table: string): string[] {
  return raw.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[];
}

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('0026_analytics_day_cache', () => {
  it('starts an existing database with an empty cache; the first read stores each day as the ledger grouped by day; changes forget their days', async () => {
    // The issue 13 fixture (two zones, a return, a cancellation, an unpaid sale…), made on the latest schema.
    const source = tempDbPath();
    const { app } = await openFixtureStore(source);
    app.close();
    // A database at 0025 holding the same facts.
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const through = (last: string) => Object.fromEntries(Object.entries(deviceMigrations).filter(([n]) => n <= last));
    await migrateToLatest(db, through('0025_analytics_ledger_indexes'));
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
    expect(raw.prepare('SELECT count(*) FROM analytics_sales').pluck().get()).toBe(29);

    await migrateToLatest(db, through('0026_analytics_day_cache'));
    // No backfill: upgrading costs nothing at start-up.
    expect(raw.prepare('SELECT count(*) FROM analytics_days').pluck().get()).toBe(0);

    const first = '2025-06-01'; // S29, the oldest sale
    const last = raw.prepare(`SELECT date('now', '+1 day')`).pluck().get() as string;
    storeMissingDays(db, first, last);
    expect(raw.prepare('SELECT min(local_date), max(local_date), count(*) FROM analytics_days').raw().get()).toEqual([
      first,
      last,
      daysBetween(first, last) + 1,
    ]);
    const live = dayAggregateSql(LEDGER_CTE);
    const params = ledgerParams(first, last);
    const expectStored = (table: string, sql: string) =>
      expect(sorted(raw.prepare(`SELECT * FROM ${table}`).all()), table).toEqual(sorted(raw.prepare(sql).all(params)));
    expectStored('analytics_day_groups', live.groups);
    expectStored('analytics_day_products', live.products);
    expectStored('analytics_day_customers', live.customers);
    expectStored('analytics_day_payments', live.payments);
    expect(
      sorted(raw.prepare('SELECT * FROM analytics_days WHERE purchases + purchase_net + discounts > 0').all()),
    ).toEqual(sorted(raw.prepare(live.totals).all(params)));
    // Written out: October 15 (S02: R$ 100,00 − R$ 10,00 discount, pix) and October 31 in São
    // Paulo (S01, and S05 at 23:30 local = Nov 1 UTC), 12:00 and 23:00.
    expect(raw.prepare("SELECT * FROM analytics_days WHERE local_date = '2026-10-15'").get()).toEqual({
      local_date: '2026-10-15',
      purchases: 1,
      purchase_net: 9000,
      discounts: 1000,
    });
    expect(
      raw
        .prepare(
          `SELECT local_hour, net, sales FROM analytics_day_groups g JOIN stores s ON s.id = g.store_id
           WHERE local_date = '2026-10-31' AND s.code = 'LJ01' ORDER BY local_hour`,
        )
        .raw()
        .all(),
    ).toEqual([
      [12, 10000, 1],
      [23, 10000, 1],
    ]);

    // The triggers are in place: a payment of S01 removed forgets its day.
    raw.exec(`DELETE FROM payments WHERE sale_id = (SELECT id FROM sales WHERE external_id = 'S01')`);
    expect(raw.prepare("SELECT count(*) FROM analytics_days WHERE local_date = '2026-10-31'").pluck().get()).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM analytics_days WHERE local_date = '2026-10-30'").pluck().get()).toBe(1);
    raw.close();
  }, 120_000);
});
