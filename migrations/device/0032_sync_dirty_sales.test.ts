import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0032_sync_dirty_sales', () => {
  it('adds the queue of sales whose projection a pull still owes, each sale once', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const queue = raw.prepare('INSERT OR IGNORE INTO sync_dirty_sales (sale_id) VALUES (?)');
    queue.run('s1');
    queue.run('s1');
    queue.run('s2');
    expect(raw.prepare('SELECT sale_id FROM sync_dirty_sales ORDER BY sale_id').pluck().all()).toEqual(['s1', 's2']);
    expect(() => raw.prepare('INSERT INTO sync_dirty_sales (sale_id) VALUES (NULL)').run()).toThrow(/NOT NULL/);
  });
});
