import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0033_sync_first_sync', () => {
  it('adds the first-sync marker: one row per dropped object, of a known kind', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const put = raw.prepare('INSERT INTO sync_first_sync (name, kind, table_name, phase, sql) VALUES (?, ?, ?, ?, ?)');
    put.run('sales_store', 'index', 'sales', 1, 'CREATE INDEX sales_store ON sales (store_id, occurred_at)');
    expect(() => put.run('sales_store', 'index', 'sales', 1, 'x')).toThrow(/UNIQUE/);
    expect(() => put.run('v', 'view', 'sales', 1, 'x')).toThrow(/CHECK/);
    expect(raw.prepare('SELECT count(*) FROM sync_first_sync').pluck().get()).toBe(1);
  });

  it('adds the list of rows refused by a key that is not merged, one row per incoming row', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const put = raw.prepare(
      'INSERT INTO sync_key_conflicts (table_name, row_id, local_id, key, value, row, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    put.run('sales', 's2', 's1', 'number', '["LJ01-1"]', '{"id":"s2"}', '2026-11-30T12:00:00.000Z');
    expect(() => put.run('sales', 's2', 's1', 'number', '[]', '{}', 'x')).toThrow(/UNIQUE/);
    expect(() => put.run('sales', 's3', 's1', 'number', '[]', null, 'x')).toThrow(/NOT NULL/);
  });
});
