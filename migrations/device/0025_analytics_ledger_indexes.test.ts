import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { LEDGER_CTE, ledgerParams } from '../../app/analytics/ledger';
import { deviceMigrations } from './index';

describe('0025_analytics_ledger_indexes', () => {
  it("lets the ledger read a period's sales and their lines from covering indexes only", async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const plan = (
      raw
        .prepare(`EXPLAIN QUERY PLAN WITH ${LEDGER_CTE} SELECT count(*) FROM ev`)
        .all(ledgerParams('2026-10-01', '2026-10-31')) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH a USING COVERING INDEX analytics_sales_day_cover (local_date>? AND local_date<?)');
    expect(plan).toContain('SEARCH i USING COVERING INDEX sale_items_ledger (sale_id=?)');
  });
});
