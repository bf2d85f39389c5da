import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { enterFirstSync, finishFirstSync } from '../../app/sync/sync.pull.first';
import { deviceMigrations } from './index';

const UP_TO_0034 = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0035'));

describe('0035_customers_name_cover', () => {
  it("covers a customer's name by id on an existing database, and the join reads only the index", async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    await migrateToLatest(db, UP_TO_0034);
    const insert = raw.prepare("INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, 't', 't')");
    raw.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`c${i}`, `Cliente ${i}`);
    })();
    await migrateToLatest(db, deviceMigrations);
    const cover = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'customers_id_name'").pluck().get();
    expect(cover).toBe('CREATE INDEX customers_id_name ON customers (id, name)');
    const join = `SELECT c.name FROM (SELECT 'c7' AS customer_id UNION ALL SELECT 'zz') a
      LEFT JOIN customers c INDEXED BY customers_id_name ON c.id = a.customer_id`;
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${join}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).toContain('USING COVERING INDEX customers_id_name (id=?)');
    raw.prepare("UPDATE customers SET name = 'Conceição' WHERE id = 'c7'").run();
    expect(raw.prepare(join).pluck().all()).toEqual(['Conceição', null]);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('during a first sync: saved for the finish instead of built, and the finish builds it as a fresh 0035 has it', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), UP_TO_0034);
    expect(enterFirstSync(new Db(raw), '2026-11-30T12:00:00.000Z')).toBe(true);
    await migrateToLatest(new Db(raw), deviceMigrations);
    const built = () => raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'customers_id_name'").pluck().get();
    expect(built()).toBeUndefined();
    const saved = raw.prepare("SELECT table_name, phase FROM sync_first_sync WHERE name = 'customers_id_name'").get();
    expect(saved).toEqual({ table_name: 'customers', phase: 1 });
    finishFirstSync(new Db(raw), '2026-11-30T12:00:00.000Z');
    expect(built()).toBe('CREATE INDEX customers_id_name ON customers (id, name)');
    raw.close();
  });
});
