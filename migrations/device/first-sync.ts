import { sql, type Transaction } from 'kysely';

/**
 * What a device migration that adds or drops a secondary index does when it runs while a first
 * sync is under way (rows in `sync_first_sync`, device 0033; `app/sync/sync.pull.first.ts`):
 * that sync dropped the non-unique indexes of the synced tables (phase 1) and of the
 * projections `sale_state`/`analytics_sales` (phase 2), keeping their `CREATE`, and creates
 * them again at its finish. A new index is then saved there instead of created (built once at
 * the finish, not maintained during the bulk load); a dropped one loses its saved copy too.
 */

/** Indexes a migration dropped for good: a first sync's finish never creates them again. */
export const RETIRED_INDEXES: readonly string[] = [
  'analytics_sales_day', // 0034: a prefix of 0025's analytics_sales_day_cover
];

/** Whether a first sync is under way (any row in `sync_first_sync`). */
async function inFirstSync(trx: Transaction<unknown>): Promise<boolean> {
  const rows = await sql`SELECT 1 AS x FROM sync_first_sync LIMIT 1`.execute(trx);
  return rows.rows.length > 0;
}

/**
 * Creates a non-unique index, or, during a first sync, saves its `CREATE` for the sync's finish
 * (`phase` 1 for an index of a synced table, 2 for one of `sale_state`/`analytics_sales`).
 * `createSql` is a plain `CREATE INDEX name ON …` (no `IF NOT EXISTS`: the finish adds it).
 */
export async function createIndexAfterFirstSync(
  trx: Transaction<unknown>,
  index: { name: string; table: string; phase: 1 | 2; createSql: string },
): Promise<void> {
  if (await inFirstSync(trx)) {
    await sql.raw(`DROP INDEX IF EXISTS "${index.name}"`).execute(trx);
    await sql`INSERT OR REPLACE INTO sync_first_sync (name, kind, table_name, phase, sql)
      VALUES (${index.name}, 'index', ${index.table}, ${index.phase}, ${index.createSql})`.execute(trx);
    return;
  }
  await sql
    .raw(index.createSql.replace(/^\s*CREATE INDEX\s+(?!IF NOT EXISTS)/i, 'CREATE INDEX IF NOT EXISTS '))
    .execute(trx);
}

/** Drops an index and, if a first sync under way saved its `CREATE`, that saved copy. */
export async function dropIndexWithSavedCopy(trx: Transaction<unknown>, name: string): Promise<void> {
  await sql.raw(`DROP INDEX IF EXISTS "${name}"`).execute(trx);
  await sql`DELETE FROM sync_first_sync WHERE name = ${name} AND kind = 'index'`.execute(trx);
}
