import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0013_sync_device', () => {
  it('adds the approver columns (null on existing rows) and a one-row local sync_device table', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0013'));
    await migrateToLatest(db, upTo);
    expect(
      raw.prepare(`SELECT count(*) FROM pragma_table_info('sales') WHERE name = 'discount_approved_by'`).pluck().get(),
    ).toBe(0);
    await migrateToLatest(db, deviceMigrations);
    const columns = (table: string) =>
      (raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) =>
        c.includes('approved_by'),
      );
    expect(columns('sales')).toEqual(['discount_approved_by']);
    expect(columns('sale_discounts')).toEqual(['approved_by']);
    const insert = raw.prepare(
      `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at) VALUES (?, 'http://s', 't', 's', 'd', 'tok', 'x')`,
    );
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK/);
    expect(raw.prepare('SELECT connected, last_push_at FROM sync_device').get()).toEqual({
      connected: 0,
      last_push_at: null,
    });
  });
});
