import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0019_sync_shapes', () => {
  it('adds the local shape positions table and the pull columns of sync_device', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    raw.prepare(`INSERT INTO sync_shapes (table_name, updated_at) VALUES ('products', 'x')`).run();
    expect(raw.prepare('SELECT handle, shape_offset, rows_applied FROM sync_shapes').get()).toEqual({
      handle: null,
      shape_offset: '-1',
      rows_applied: 0,
    });
    expect(() =>
      raw.prepare(`INSERT INTO sync_shapes (table_name, updated_at) VALUES ('products', 'y')`).run(),
    ).toThrow(/UNIQUE/);
    const columns = raw.prepare(`SELECT name FROM pragma_table_info('sync_device')`).pluck().all() as string[];
    expect(columns.filter((c) => c === 'last_pull_at' || c === 'conflicts_seen')).toEqual([
      'last_pull_at',
      'conflicts_seen',
    ]);
  });
});
