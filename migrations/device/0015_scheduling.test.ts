import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0015_scheduling', () => {
  it('admits kind package on existing products (rows, variants and search triggers kept) and adds the agenda tables', async () => {
    const raw = new BetterSqlite3(':memory:');
    raw.pragma('foreign_keys = ON');
    const db = new Db(raw);
    await migrateToLatest(db, Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0015')));
    raw
      .prepare(
        `INSERT INTO products (id, external_id, name, kind, created_at, updated_at) VALUES ('p1', 'P1', 'Limpeza', 'service', 'x', 'x')`,
      )
      .run();
    raw
      .prepare(
        `INSERT INTO variants (id, product_id, external_id, price_cents, created_at, updated_at) VALUES ('v1', 'p1', 'SKU1', 100, 'x', 'x')`,
      )
      .run();
    expect(() =>
      raw
        .prepare(
          `INSERT INTO products (id, name, kind, created_at, updated_at) VALUES ('p2', 'Pacote', 'package', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    const triggersBefore = raw
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'products' ORDER BY name`)
      .pluck()
      .all();
    await migrateToLatest(db, deviceMigrations);
    raw
      .prepare(
        `INSERT INTO products (id, name, kind, package_sessions, created_at, updated_at) VALUES ('p2', 'Pacote', 'package', 5, 'x', 'x')`,
      )
      .run();
    expect(() =>
      raw
        .prepare(`INSERT INTO products (id, name, kind, created_at, updated_at) VALUES ('p3', 'X', 'other', 'x', 'x')`)
        .run(),
    ).toThrow(/CHECK/);
    expect(raw.prepare(`SELECT id, kind, buffer_minutes, resource_ids FROM products ORDER BY id`).all()).toEqual([
      { id: 'p1', kind: 'service', buffer_minutes: 0, resource_ids: '[]' },
      { id: 'p2', kind: 'package', buffer_minutes: 0, resource_ids: '[]' },
    ]);
    expect(
      raw
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'products' ORDER BY name`)
        .pluck()
        .all(),
    ).toEqual(triggersBefore);
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    for (const table of [
      'professionals',
      'schedule_exceptions',
      'schedule_blocks',
      'resources',
      'appointments',
      'appointment_history',
      'package_movements',
    ]) {
      expect(raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });
});
