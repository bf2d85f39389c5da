import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Device columns added after the central schema (0002) was written, mirrored with the device's
 * types (INTEGER → BIGINT), defaults, NOT NULLs and CHECKs, so their pushes are not refused as
 * `unknown_column`:
 * - approvals (device 0013): `sales.discount_approved_by`, `sale_discounts.approved_by`
 *   (who approved a discount beyond `sales.max_discount_bp`; NULL when none was needed);
 * - device 0009 (sessions): `users.session_version`, `users.password_hash`;
 * - device 0010 (refund balances): `cancellations.store_credit_cents`,
 *   `returns.cash_refund_cents`, `returns.store_credit_cents`, `loyalty_movements.unreversed_points`,
 *   `cash_movements.approved_by`.
 * `IF NOT EXISTS`, so a later migration naming one of them again stays harmless.
 */
const COLUMNS: readonly [table: string, definition: string][] = [
  ['sales', 'discount_approved_by TEXT'],
  ['sale_discounts', 'approved_by TEXT'],
  ['users', 'session_version BIGINT NOT NULL DEFAULT 0 CHECK (session_version >= 0)'],
  ['users', 'password_hash TEXT'],
  ['cancellations', 'store_credit_cents BIGINT NOT NULL DEFAULT 0 CHECK (store_credit_cents >= 0)'],
  ['returns', 'cash_refund_cents BIGINT NOT NULL DEFAULT 0 CHECK (cash_refund_cents >= 0)'],
  ['returns', 'store_credit_cents BIGINT NOT NULL DEFAULT 0 CHECK (store_credit_cents >= 0)'],
  ['loyalty_movements', 'unreversed_points BIGINT NOT NULL DEFAULT 0 CHECK (unreversed_points >= 0)'],
  ['cash_movements', 'approved_by TEXT'],
];

export const deviceColumns: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(
      db,
      COLUMNS.map(([table, definition]) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${definition}`),
    );
  },
};
