import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * A fact's `sync_log` entry refers to its row instead of copying it: a fact is inserted once and
 * never changes, so the row in its table is exactly what the entry would carry, and the push
 * writes each fact once instead of twice. `columns` is NULL for facts; records keep the columns
 * each change set (their rows move on, last writer wins).
 */
export const syncLogFactReference: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [`ALTER TABLE sync_log ALTER COLUMN columns DROP NOT NULL`]);
  },
};
