import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { isSyncedTable } from '../../app/sync/outbox';
import { openCentral } from '../../sync-server/db/central';
import { freshDatabase } from '../../sync-server/testing';
import { deviceMigrations } from '../device/index';

describe('0012_device_columns', () => {
  it('gives every synced device table all its device columns centrally, with the device defaults', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const central = await openCentral(await freshDatabase('pglite'));
    try {
      const tables = (
        raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]
      ).filter(isSyncedTable);
      const missing: string[] = [];
      for (const table of tables) {
        const deviceColumns = raw.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        const centralColumns = (
          await sql<{
            column_name: string;
          }>`SELECT column_name FROM information_schema.columns WHERE table_name = ${table}`.execute(central.db)
        ).rows.map((r) => r.column_name);
        missing.push(...deviceColumns.filter((c) => !centralColumns.includes(c)).map((c) => `${table}.${c}`));
      }
      expect(missing).toEqual([]);
      const defaults = await sql<{ column_name: string; column_default: string | null; is_nullable: string }>`
        SELECT column_name, column_default, is_nullable FROM information_schema.columns
        WHERE table_name = 'returns' AND column_name = 'store_credit_cents'`.execute(central.db);
      expect(defaults.rows).toEqual([{ column_name: 'store_credit_cents', column_default: '0', is_nullable: 'NO' }]);
    } finally {
      await central.close();
    }
  }, 60_000);
});
