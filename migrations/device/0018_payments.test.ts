import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0018_payments', () => {
  it('keeps payments and their indexes, admits crediario, adds the fee columns and the new tables', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0018'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('st', 'LJ01', 'Loja', 'x', 'x');
      INSERT INTO sales (id, external_id, number, seq, store_id, channel, occurred_at, subtotal_cents,
        line_discount_cents, order_discount_cents, total_cents, created_at)
        VALUES ('s1', 'S-1', 'LJ01-CX1-000001', 1, 'st', 'PDV', 'x', 3000, 0, 0, 3000, 'x');
      INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, change_cents, occurred_at, created_at)
        VALUES ('p1', 's1', 'pix', 3000, 3000, 0, 'x', 'x');`);
    const indexes = () =>
      raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE tbl_name = 'payments' AND type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .all();
    const before = indexes();
    // Through this migration only: later ones (0025's covering indexes) are their own tests' business.
    const through = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0019'));
    await migrateToLatest(db, through);
    expect(indexes()).toEqual(before);
    expect(raw.prepare('SELECT id, amount_cents, fee_cents, declined, acquirer FROM payments').all()).toEqual([
      { id: 'p1', amount_cents: 3000, fee_cents: 0, declined: 0, acquirer: null },
    ]);
    raw.exec(`INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, occurred_at, created_at)
      VALUES ('p2', 's1', 'crediario', 3000, 3000, 'x', 'x')`);
    expect(() =>
      raw.exec(`INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, occurred_at, created_at)
        VALUES ('p3', 's1', 'cheque', 1, 1, 'x', 'x')`),
    ).toThrow(/CHECK/);
    expect(() =>
      raw.exec(`INSERT INTO payment_fee_rules (id, method, min_installments, max_installments, rate_bp, acquirer, settlement_days, created_at, updated_at)
        VALUES ('r1', 'cartao_credito', 7, 2, 459, 'Stone', 30, 'x', 'x')`),
    ).toThrow(/CHECK/);
    for (const t of [
      'payment_fee_rules',
      'payment_settlements',
      'crediario_installments',
      'installment_receipts',
      'chargebacks',
      'sale_expirations',
      'crediario_limits',
    ]) {
      expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(t)).toEqual({
        n: 1,
      });
    }
    expect(raw.pragma('foreign_key_check')).toEqual([]);
  });
});
