import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0005_parked_sales', () => {
  it('creates parked_sales on an existing database and refuses a cart that is not JSON', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0005'));
    await migrateToLatest(db, upTo);
    await migrateToLatest(db, deviceMigrations);
    const insert = raw.prepare(
      `INSERT INTO parked_sales (id, label, cart, item_count, total_cents, created_at) VALUES (?, 'x', ?, 1, 100, 'x')`,
    );
    insert.run('a', '{"lines":[]}');
    expect(() => insert.run('b', 'not json')).toThrow(/CHECK/);
    expect(raw.prepare('SELECT count(*) FROM parked_sales').pluck().get()).toBe(1);
  });
});
