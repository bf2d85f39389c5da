import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0009_user_sessions', () => {
  it('gives existing users session version 0 and no password', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0009'));
    await migrateToLatest(db, upTo);
    raw.exec(
      `INSERT INTO users (id, name, login, role, pin_hash, created_at) VALUES ('u', 'Ana', 'ana', 'owner', 'h', 'x')`,
    );
    await migrateToLatest(db, deviceMigrations);
    expect(raw.prepare(`SELECT session_version, password_hash FROM users WHERE id = 'u'`).get()).toEqual({
      session_version: 0,
      password_hash: null,
    });
    expect(() => raw.exec(`UPDATE users SET session_version = -1`)).toThrow(/CHECK/);
  });
});
