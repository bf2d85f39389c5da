import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Carts a cashier set aside to serve the next customer. Device-local and not synced: a parked
 * cart is a draft on this counter, not a fact; it becomes a sale only when it is finished.
 */
export const parkedSales: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE parked_sales (
        id TEXT PRIMARY KEY,
        register_id TEXT REFERENCES registers(id),
        label TEXT NOT NULL,
        cart TEXT NOT NULL CHECK (json_valid(cart)),
        item_count INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        created_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX parked_sales_register ON parked_sales (register_id, created_at)`,
    ]);
  },
};
