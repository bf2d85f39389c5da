import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0030_store_logos', () => {
  it('keeps one PNG/JPEG logo per location, mime and bytes together', async () => {
    const raw = new BetterSqlite3(':memory:');
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0031'));
    await migrateToLatest(new Db(raw), upTo);
    raw
      .prepare(
        `INSERT INTO stores (id, code, name, timezone, created_at, updated_at) VALUES ('s1', 'LJ01', 'Loja', 'America/Sao_Paulo', 'x', 'x')`,
      )
      .run();
    const insert = raw.prepare(
      'INSERT INTO store_logos (id, store_id, mime, logo_base64, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    expect(() => insert.run('s1', 's1', 'image/gif', 'R0lG', 'x', 'x')).toThrow(/CHECK/);
    expect(() => insert.run('s1', 's1', 'image/png', null, 'x', 'x')).toThrow(/CHECK/);
    expect(() => insert.run('s2', 's1', 'image/png', 'iVBO', 'x', 'x')).toThrow(/CHECK/);
    insert.run('s1', 's1', 'image/png', 'iVBO', 'x', 'x');
    expect(() => insert.run('s1', 's1', 'image/png', 'iVBO', 'x', 'x')).toThrow(/UNIQUE|PRIMARY/);
    raw.prepare('UPDATE store_logos SET mime = NULL, logo_base64 = NULL').run();
    expect(raw.prepare('SELECT mime, logo_base64 FROM store_logos').get()).toEqual({ mime: null, logo_base64: null });
  });
});
