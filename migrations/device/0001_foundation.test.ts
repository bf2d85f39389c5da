import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { foundation } from './0001_foundation';

async function migrated() {
  const raw = new BetterSqlite3(':memory:');
  raw.pragma('foreign_keys = ON');
  const db = new Db(raw);
  await migrateToLatest(db, { '0001_foundation': foundation });
  return raw;
}

describe('0001_foundation', () => {
  it('creates stores, registers, users and settings', async () => {
    const raw = await migrated();
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['registers', 'settings', 'stores', 'users']));
  });

  it('defaults the store time zone to America/Sao_Paulo and keeps money-like columns strict', async () => {
    const raw = await migrated();
    raw
      .prepare("INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('s', 'LJ01', 'Loja', 'now', 'now')")
      .run();
    expect(raw.prepare("SELECT timezone FROM stores WHERE id='s'").pluck().get()).toBe('America/Sao_Paulo');
    expect(() =>
      raw
        .prepare(
          "INSERT INTO registers (id, store_id, code, name, active, created_at) VALUES ('r','s','CX1','Caixa','sim','now')",
        )
        .run(),
    ).toThrow();
  });

  it('rejects a register of an unknown store and an unknown role', async () => {
    const raw = await migrated();
    expect(() =>
      raw
        .prepare("INSERT INTO registers (id, store_id, code, name, created_at) VALUES ('r','nope','CX1','Caixa','now')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      raw
        .prepare(
          "INSERT INTO users (id, name, login, role, pin_hash, created_at) VALUES ('u','A','a','king','h','now')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
