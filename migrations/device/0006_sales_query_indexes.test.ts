import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0006_sales_query_indexes', () => {
  it('replaces the single-column indexes and the Vendas queries use the new ones', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0006'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('st', 'LJ01', 'Loja', 'x', 'x');
      INSERT INTO sales (id, external_id, number, seq, store_id, channel, occurred_at, subtotal_cents,
        line_discount_cents, order_discount_cents, total_cents, created_at)
        VALUES ('s1', 'S-1', 'LJ01-CX1-000001', 1, 'st', 'PDV', '2026-11-20T12:00:00.000Z', 1000, 0, 0, 1000, 'x');
      INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, occurred_at, created_at)
        VALUES ('p1', 's1', 'pix', 1000, 1000, 'x', 'x');`);
    // Through this migration only: later ones (0025's covering indexes) are their own tests' business.
    const through = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0007'));
    await migrateToLatest(db, through);

    const indexes = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('sales', 'payments')")
      .pluck()
      .all();
    expect(indexes).toEqual(expect.arrayContaining(['sales_occurred_id', 'payments_sale_method']));
    expect(indexes).not.toContain('sales_occurred');
    expect(indexes).not.toContain('payments_sale');

    const plan = (query: string) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const page = `SELECT s.id FROM sales s WHERE s.occurred_at >= '2026-11-01' AND EXISTS
      (SELECT 1 FROM payments pm WHERE pm.sale_id = s.id AND pm.method = 'pix')
      ORDER BY s.occurred_at DESC, s.id DESC LIMIT 200 OFFSET 90000`;
    expect(plan(page)).toContain('USING COVERING INDEX sales_occurred_id');
    expect(plan(page)).toContain('USING COVERING INDEX payments_sale_method (sale_id=? AND method=?)');
    expect(plan(page)).not.toContain('TEMP B-TREE');
    expect(raw.prepare('SELECT id FROM sales WHERE occurred_at >= ?').pluck().all('2026-11-20')).toEqual(['s1']);
  });
});
