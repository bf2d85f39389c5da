import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * The store's logo (device migration 0030), mirrored like 0002: the device's columns and
 * CHECKs, `tenant_id` plus the origin `device_id`, primary key `(tenant_id, id)`, no foreign
 * keys, row-level security by tenant. The row names its store (`store_id`), so a desktop writes
 * only its own store's logo (naturalStore in sync-server/synced-tables.ts).
 */
export const storeLogos: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE store_logos (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        mime TEXT CHECK (mime IS NULL OR mime IN ('image/png', 'image/jpeg')),
        logo_base64 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CHECK (id = store_id),
        CHECK ((mime IS NULL) = (logo_base64 IS NULL))
      )`,
      ...tenantPolicy('store_logos'),
    ]);
  },
};
