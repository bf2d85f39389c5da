import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, MigrationMismatchError } from './open';
import { deviceMigrations } from '../../migrations/device';
import { tempDbPath } from '../../test/helpers';

describe('openDatabase', () => {
  it('sets the pragmas a point of sale needs', async () => {
    const db = await openDatabase(tempDbPath());
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('applies every known migration once, and reopening applies nothing new', async () => {
    const path = tempDbPath();
    const db = await openDatabase(path);
    const applied = db.raw.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all();
    expect(applied).toEqual(Object.keys(deviceMigrations).sort());
    db.close();
    const again = await openDatabase(path);
    expect(again.raw.prepare('SELECT count(*) FROM kysely_migration').pluck().get()).toBe(applied.length);
    again.close();
  });

  it('refuses a database whose applied migrations are not a prefix of the known list', async () => {
    const path = tempDbPath();
    (await openDatabase(path)).close();
    const raw = new BetterSqlite3(path);
    raw.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('0000_from_elsewhere', 'x')").run();
    raw.close();
    await expect(openDatabase(path)).rejects.toBeInstanceOf(MigrationMismatchError);
  });

  it('refuses a database written by a newer version', async () => {
    const path = tempDbPath();
    (await openDatabase(path)).close();
    const raw = new BetterSqlite3(path);
    raw.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', 'x')").run();
    raw.close();
    await expect(openDatabase(path)).rejects.toThrow(/not a prefix/);
  });
});
