import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0010_refund_balances', () => {
  it('keeps payments and their indexes, allows a tender that is all change, and fills the refund splits', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0010'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('st', 'LJ01', 'Loja', 'x', 'x');
      INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c', 'Maria', 'x', 'x');
      INSERT INTO sales (id, external_id, number, seq, store_id, customer_id, channel, occurred_at, subtotal_cents,
        line_discount_cents, order_discount_cents, total_cents, created_at)
        VALUES ('s1', 'S-1', 'LJ01-CX1-000001', 1, 'st', 'c', 'PDV', 'x', 3000, 0, 0, 3000, 'x'),
               ('s2', 'S-2', 'LJ01-CX1-000002', 2, 'st', 'c', 'PDV', 'x', 1000, 0, 0, 1000, 'x');
      INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, change_cents, occurred_at, created_at)
        VALUES ('p1', 's1', 'dinheiro', 2000, 5000, 3000, 'x', 'x'), ('p2', 's1', 'pix', 1000, 1000, 0, 'x', 'x'),
               ('p3', 's2', 'credito_loja', 1000, 1000, 0, 'x', 'x');
      INSERT INTO returns (id, sale_id, reason, condition, refund_method, refund_cents, occurred_at, created_at)
        VALUES ('r1', 's1', 'x', 'revenda', 'dinheiro', 700, 'x', 'x'),
               ('r2', 's1', 'x', 'revenda', 'credito_loja', 500, 'x', 'x'),
               ('r3', 's1', 'x', 'revenda', 'original', 300, 'x', 'x');
      INSERT INTO cancellations (id, sale_id, reason, refund_cents, occurred_at, created_at)
        VALUES ('k1', 's2', 'x', 1000, 'x', 'x');
      INSERT INTO loyalty_movements (id, customer_id, sale_id, kind, points, occurred_at, created_at)
        VALUES ('l1', 'c', 's1', 'earn', 30, 'x', 'x');`);
    const indexes = () =>
      raw
        .prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'payments' AND sql IS NOT NULL ORDER BY name")
        .all();
    const before = indexes().filter((r) => (r as { name: string }).name !== 'payments');
    // Through this migration only: later ones (0025's covering indexes) are their own tests' business.
    const through = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0011'));
    await migrateToLatest(db, through);
    expect(
      raw.prepare('SELECT id, amount_cents, tendered_cents, change_cents FROM payments ORDER BY id').all(),
    ).toEqual([
      { id: 'p1', amount_cents: 2000, tendered_cents: 5000, change_cents: 3000 },
      { id: 'p2', amount_cents: 1000, tendered_cents: 1000, change_cents: 0 },
      { id: 'p3', amount_cents: 1000, tendered_cents: 1000, change_cents: 0 },
    ]);
    expect(indexes().filter((r) => (r as { name: string }).name !== 'payments')).toEqual(before);
    expect(before.map((r) => (r as { name: string }).name)).toEqual(
      expect.arrayContaining(['payments_sale_method', 'payments_session']),
    );
    raw.exec(`INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, change_cents, occurred_at, created_at)
      VALUES ('p4', 's1', 'dinheiro', 0, 200, 200, 'x', 'x')`);
    expect(() =>
      raw.exec(`INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, occurred_at, created_at)
        VALUES ('p5', 's1', 'pix', -1, 0, 'x', 'x')`),
    ).toThrow(/CHECK/);
    expect(raw.prepare('SELECT id, cash_refund_cents, store_credit_cents FROM returns ORDER BY id').all()).toEqual([
      { id: 'r1', cash_refund_cents: 700, store_credit_cents: 0 },
      { id: 'r2', cash_refund_cents: 0, store_credit_cents: 500 },
      { id: 'r3', cash_refund_cents: 0, store_credit_cents: 0 },
    ]);
    expect(raw.prepare('SELECT store_credit_cents FROM cancellations').get()).toEqual({ store_credit_cents: 1000 });
    expect(raw.prepare('SELECT unreversed_points FROM loyalty_movements').get()).toEqual({ unreversed_points: 0 });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
  });
});
