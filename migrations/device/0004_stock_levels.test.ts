import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0004_stock_levels', () => {
  it('backfills from existing movements and follows every new movement', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0004'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('s', 'LJ01', 'Loja', 'x', 'x');
      INSERT INTO products (id, name, kind, created_at, updated_at) VALUES ('p', 'P', 'goods', 'x', 'x');
      INSERT INTO variants (id, product_id, external_id, price_cents, created_at, updated_at) VALUES ('v', 'p', 'SKU', 100, 'x', 'x');
      INSERT INTO stock_movements (id, variant_id, store_id, qty_milli, kind, occurred_at, created_at) VALUES ('m1', 'v', 's', 5000, 'receiving', 'x', 'x');`);
    await migrateToLatest(db, deviceMigrations);
    const level = () => raw.prepare('SELECT qty_milli FROM stock_levels WHERE variant_id = ?').pluck().get('v');
    expect(level()).toBe(5000);
    raw.exec(
      `INSERT INTO stock_movements (id, variant_id, store_id, qty_milli, kind, occurred_at, created_at) VALUES ('m2', 'v', 's', -1500, 'sale', 'x', 'x')`,
    );
    expect(level()).toBe(3500);
  });
});
