import type { Kysely, Migration } from 'kysely';
import { createIndexAfterFirstSync, dropIndexWithSavedCopy } from './first-sync';

/**
 * The customer's name in one index seek (issue 15: the `vendas` CSV at ≥ 200,000 rows/s).
 * `vendas` joins each sale's customer name in its scan; through the TEXT primary key's autoindex
 * that is two B-tree descents per row (the autoindex, then the table row by rowid), for ~70,000
 * distinct customers in random order. `customers_id_name` (id, name) covers the join, so it is
 * one descent: measured 584 → 368 ms CPU for the scan of 121,485 rows on the 1M-sale demo. The
 * planner prefers the unique autoindex when statistics are missing, so the export names it with
 * `INDEXED BY`. One more index entry per customer insert or rename. Device-local: nothing synced
 * changes. During a first sync the index is saved for the sync's finish like the synced tables'
 * other secondary indexes (`first-sync.ts`), not maintained row by row through the bulk load.
 */
export const customersNameCover: Migration = {
  async up(db: Kysely<unknown>) {
    await db.transaction().execute(async (trx) => {
      await createIndexAfterFirstSync(trx, {
        name: 'customers_id_name',
        table: 'customers',
        phase: 1,
        createSql: 'CREATE INDEX customers_id_name ON customers (id, name)',
      });
    });
  },
  async down(db: Kysely<unknown>) {
    await db.transaction().execute((trx) => dropIndexWithSavedCopy(trx, 'customers_id_name'));
  },
};
