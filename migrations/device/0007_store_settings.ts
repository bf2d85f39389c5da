import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * What a store needs to sell on its own: the city (the PIX BR Code carries the merchant city)
 * and the width of its receipt paper. Both are synced with the store record.
 */
export const storeSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE stores ADD COLUMN city TEXT`,
      `ALTER TABLE stores ADD COLUMN receipt_width_mm INTEGER NOT NULL DEFAULT 80 CHECK (receipt_width_mm IN (58, 80))`,
    ]);
  },
};
