import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0007_store_settings', () => {
  it('adds city and receipt width to existing stores, defaulting the width to 80 mm', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0007'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('s', 'LJ01', 'Loja', 'x', 'x')`);
    await migrateToLatest(db, deviceMigrations);
    expect(raw.prepare(`SELECT city, receipt_width_mm FROM stores WHERE id = 's'`).get()).toEqual({
      city: null,
      receipt_width_mm: 80,
    });
  });

  it('accepts 58 mm and refuses any other width', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    raw.exec(`INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('s', 'LJ01', 'Loja', 'x', 'x')`);
    raw.exec(`UPDATE stores SET receipt_width_mm = 58, city = 'Curitiba' WHERE id = 's'`);
    expect(raw.prepare(`SELECT receipt_width_mm FROM stores`).pluck().get()).toBe(58);
    expect(() => raw.exec(`UPDATE stores SET receipt_width_mm = 72 WHERE id = 's'`)).toThrow(/CHECK/);
  });
});
