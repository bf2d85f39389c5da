import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Indexes for the margin after fees (issue 17, app/analytics/margins-fees.ts): the payments
 * that carry a fee (card payments; PIX and cash have none) and the parcelas received with one,
 * so a month's fees are read from small partial indexes instead of every payment row of the
 * month's sales. Device-local indexes only: nothing synced changes.
 */
export const paymentFeeIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE INDEX IF NOT EXISTS payments_fees ON payments (sale_id, fee_cents) WHERE fee_cents > 0 AND declined = 0`,
      `CREATE INDEX IF NOT EXISTS installment_receipts_fees ON installment_receipts (occurred_at, sale_id, fee_cents)
        WHERE fee_cents > 0`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [`DROP INDEX IF EXISTS installment_receipts_fees`, `DROP INDEX IF EXISTS payments_fees`]);
  },
};
