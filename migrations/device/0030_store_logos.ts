import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The store's logo (issue 15), synced so every desktop of the store prints it on the monthly
 * report's cover: one row per location (`id` = `store_id` = the `stores` id), PNG or JPEG bytes
 * as base64 (≤ 512 KB of bytes, checked by `store.set_logo`), both null once removed (the outbox
 * carries no deletes). Apart from `stores`, whose rows are read on every sale, so the logo is
 * only read when wanted. The device setting `reports.logo` of earlier versions is still read
 * when a store has no row here (app/store/store-logo.ts).
 */
export const storeLogos: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE store_logos (
        id TEXT PRIMARY KEY,
        store_id TEXT NOT NULL REFERENCES stores(id),
        mime TEXT CHECK (mime IS NULL OR mime IN ('image/png', 'image/jpeg')),
        logo_base64 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- One row per location: the key is the store's id (so no second UNIQUE to merge at pull).
        CHECK (id = store_id),
        CHECK ((mime IS NULL) = (logo_base64 IS NULL))
      ) STRICT`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP TABLE IF EXISTS store_logos']);
  },
};
