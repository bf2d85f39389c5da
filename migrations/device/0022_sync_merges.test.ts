import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0022_sync_merges', () => {
  it('adds the local list of merged ids: one mapping per merged row, never onto itself', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const insert = raw.prepare(`INSERT INTO sync_merges (table_name, from_id, to_id, merged_at) VALUES (?, ?, ?, 'x')`);
    insert.run('customers', 'c2', 'c1');
    expect(raw.prepare('SELECT table_name, from_id, to_id FROM sync_merges').all()).toEqual([
      { table_name: 'customers', from_id: 'c2', to_id: 'c1' },
    ]);
    expect(() => insert.run('customers', 'c2', 'c3')).toThrow(/UNIQUE/);
    expect(() => insert.run('customers', 'c4', 'c4')).toThrow(/CHECK/);
  });
});
