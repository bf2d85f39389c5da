import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The Vendas list over 100,000 sales. A page is found on (occurred_at, id) alone, so a deep
 * offset walks one covering index instead of reading every skipped sale; the payment-method
 * filter checks (sale_id, method) without reading payment rows. Both replace the index that was
 * their first column, which every sale would otherwise keep writing for nothing.
 */
export const salesQueryIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE INDEX sales_occurred_id ON sales (occurred_at, id)`,
      `DROP INDEX sales_occurred`,
      `CREATE INDEX payments_sale_method ON payments (sale_id, method)`,
      `DROP INDEX payments_sale`,
    ]);
  },
};
