import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The customer's name in one index seek (issue 15: the `vendas` CSV at ≥ 200,000 rows/s).
 * `vendas` joins each sale's customer name in its scan; through the TEXT primary key's autoindex
 * that is two B-tree descents per row (the autoindex, then the table row by rowid), for ~70,000
 * distinct customers in random order. `customers_id_name` (id, name) covers the join, so it is
 * one descent: measured 584 → 368 ms CPU for the scan of 121,485 rows on the 1M-sale demo. The
 * planner prefers the unique autoindex when statistics are missing, so the export names it with
 * `INDEXED BY`. One more index entry per customer insert or rename. Device-local: nothing synced
 * changes.
 */
export const customersNameCover: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [`CREATE INDEX IF NOT EXISTS customers_id_name ON customers (id, name)`]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [`DROP INDEX IF EXISTS customers_id_name`]);
  },
};
