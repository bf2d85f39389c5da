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
    const kpiPlan = (sql: string) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(
      kpiPlan(`SELECT sum(s.line_discount_cents + s.order_discount_cents + s.total_cents - a.total_cents)
        FROM analytics_sales a JOIN sales s INDEXED BY sales_discount_cover ON s.id = a.sale_id WHERE a.local_date >= '2026-10-01' AND a.counted = 1`),
    ).toContain('COVERING INDEX sales_discount_cover');
    expect(
      kpiPlan(`SELECT p.method, p.installments, sum(p.amount_cents) FROM analytics_sales a JOIN payments p ON p.sale_id = a.sale_id
        WHERE a.local_date >= '2026-10-01' AND a.counted = 1 AND p.amount_cents > 0 GROUP BY 1, 2`),
    ).toContain('COVERING INDEX payments_kpi_cover');
    // 0006's (sale_id, method) index is a prefix of the cover and goes; its queries use the cover.
    const paymentIndexes = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payments'")
      .pluck()
      .all();
    expect(paymentIndexes).not.toContain('payments_sale_method');
    expect(kpiPlan(`SELECT 1 FROM payments WHERE sale_id = 's1' AND method = 'pix'`)).toContain(
      'COVERING INDEX payments_kpi_cover (sale_id=? AND method=?)',
    );
  });
});
