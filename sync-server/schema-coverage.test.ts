import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../app/db/db';
import { migrateToLatest } from '../app/db/open';
import { isSyncedTable } from '../app/sync/outbox';
import { deviceMigrations } from '../migrations/device/index';
import { openCentral, type Central } from './db/central';
import { loadCatalog, SYNCED_TABLES, type Catalog } from './synced-tables';
import { freshDatabase } from './testing';

interface DeviceColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/**
 * The central schema mirrors the device: a column added to a synced device table without a
 * central migration fails here (and would otherwise be refused at push as `unknown_column`).
 */
describe('central schema mirrors every synced device table', () => {
  const raw = new BetterSqlite3(':memory:');
  let central: Central;
  let catalog: Catalog;
  let deviceTables: string[];
  beforeAll(async () => {
    await migrateToLatest(new Db(raw), deviceMigrations);
    // The run's migrated PGlite template: the same central migrations, run once (sync-server/testing.ts).
    central = await openCentral(await freshDatabase('pglite'));
    catalog = await loadCatalog(central.db);
    deviceTables = (
      raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]
    ).filter(isSyncedTable);
  }, 120_000);
  afterAll(async () => {
    raw.close();
    await central.close();
  });

  it('knows exactly the synced tables of the outbox, with the same key', () => {
    expect(deviceTables).toEqual(Object.keys(SYNCED_TABLES).sort());
    for (const table of deviceTables) {
      const pk = (raw.prepare('SELECT * FROM pragma_table_info(?)').all(table) as DeviceColumn[]).find(
        (c) => c.pk === 1,
      );
      expect(`${table}.${pk?.name}`).toBe(`${table}.${catalog.get(table)?.key}`);
    }
  });

  it('has every device column, with its type, NOT NULL and whether it has a default', async () => {
    const mismatches: string[] = [];
    const central = await defaults();
    for (const table of deviceTables) {
      const info = catalog.get(table)!;
      const columns = raw.prepare('SELECT * FROM pragma_table_info(?)').all(table) as DeviceColumn[];
      for (const column of columns) {
        const there = info.columns.get(column.name);
        const type = column.type === 'INTEGER' ? 'bigint' : 'text';
        const notNull = column.notnull === 1 || column.pk === 1;
        const hasDefault = column.dflt_value !== null;
        const centralDefault = central.has(`${table}.${column.name}`);
        if (!there) mismatches.push(`${table}.${column.name} missing`);
        else if (there.type !== type || there.nullable === notNull || hasDefault !== centralDefault) {
          mismatches.push(
            `${table}.${column.name}: device ${column.type} notnull=${notNull} default=${hasDefault}, central ${there.type} nullable=${there.nullable} default=${centralDefault}`,
          );
        }
      }
      const extra = [...info.columns.keys()].filter((name) => !columns.some((c) => c.name === name));
      mismatches.push(...extra.map((name) => `${table}.${name} only central`));
    }
    expect(mismatches).toEqual([]);
  });

  async function defaults(): Promise<Set<string>> {
    const { rows } = await sql<{ t: string; c: string }>`
      SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_default IS NOT NULL`.execute(central.db);
    return new Set(rows.map((r) => `${r.t}.${r.c}`));
  }
});
