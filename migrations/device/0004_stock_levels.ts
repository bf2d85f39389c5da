import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Current stock as a local projection of stock_movements, kept by a trigger so that no writer
 * (a sale, a return, a synced movement from another device) can forget it. Summing the ledger
 * on every sale line grows with the history; this stays O(1). The ledger remains the truth.
 */
export const stockLevels: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE stock_levels (
        variant_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        qty_milli INTEGER NOT NULL,
        PRIMARY KEY (variant_id, store_id)
      ) STRICT, WITHOUT ROWID`,
      `INSERT INTO stock_levels (variant_id, store_id, qty_milli)
        SELECT variant_id, store_id, sum(qty_milli) FROM stock_movements GROUP BY variant_id, store_id`,
      `CREATE TRIGGER stock_levels_after_movement AFTER INSERT ON stock_movements BEGIN
        INSERT INTO stock_levels (variant_id, store_id, qty_milli) VALUES (NEW.variant_id, NEW.store_id, NEW.qty_milli)
        ON CONFLICT (variant_id, store_id) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli;
      END`,
    ]);
  },
};
