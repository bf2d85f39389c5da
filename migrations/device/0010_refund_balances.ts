import { sql, type Kysely, type Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Every tender is stored as given, and every reversal says where its money went:
 *
 * - `payments.amount_cents` may be 0: a cash tender handed over entirely as change (R$ 50,00 +
 *   R$ 2,00 in cash on R$ 47,00 keeps both notes, the R$ 2,00 applying nothing). The table is
 *   rebuilt from its own stored definition (only that CHECK changes), with its indexes.
 * - `returns.cash_refund_cents` / `returns.store_credit_cents`: the parts of a refund paid in
 *   cash and given as store credit, whatever the refund method's name (`original` splits the
 *   refund over the sale's own payments). Existing rows: `dinheiro` → all cash, `credito_loja`
 *   → all credit.
 * - `cancellations.store_credit_cents`: store credit given back by a cancellation; existing
 *   cancellations get back the credit their sale spent.
 * - `loyalty_movements.unreversed_points`: points a reversal should have taken back but the
 *   customer had already spent (a balance never goes below zero).
 * - `cash_movements.approved_by`: the supervisor who approved a sangria above the store's limit
 *   (`cash.sangria_approval_above_cents`).
 */
export const refundBalances: Migration = {
  async up(db: Kysely<unknown>) {
    const table = await sql<{
      sql: string;
    }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'payments'`.execute(db);
    const createSql = table.rows[0]?.sql ?? '';
    const relaxed = createSql.replace('CHECK (amount_cents > 0)', 'CHECK (amount_cents >= 0)');
    if (relaxed === createSql) throw new Error('0010: payments.amount_cents CHECK not found');
    const extras = await sql<{ sql: string }>`SELECT sql FROM sqlite_master
      WHERE tbl_name = 'payments' AND type IN ('index', 'trigger') AND sql IS NOT NULL`.execute(db);
    await runStatements(db, [
      relaxed.replace(/^CREATE TABLE "?payments"?/, 'CREATE TABLE payments_0010'),
      `INSERT INTO payments_0010 SELECT * FROM payments`,
      `DROP TABLE payments`,
      `ALTER TABLE payments_0010 RENAME TO payments`,
      ...extras.rows.map((r) => r.sql),
      `ALTER TABLE returns ADD COLUMN cash_refund_cents INTEGER NOT NULL DEFAULT 0 CHECK (cash_refund_cents >= 0)`,
      `ALTER TABLE returns ADD COLUMN store_credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (store_credit_cents >= 0)`,
      `UPDATE returns SET cash_refund_cents = refund_cents WHERE refund_method = 'dinheiro'`,
      `UPDATE returns SET store_credit_cents = refund_cents WHERE refund_method = 'credito_loja'`,
      `ALTER TABLE cancellations ADD COLUMN store_credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (store_credit_cents >= 0)`,
      `UPDATE cancellations SET store_credit_cents = coalesce((SELECT sum(p.amount_cents) FROM payments p
         WHERE p.sale_id = cancellations.sale_id AND p.method = 'credito_loja'), 0)`,
      `ALTER TABLE loyalty_movements ADD COLUMN unreversed_points INTEGER NOT NULL DEFAULT 0 CHECK (unreversed_points >= 0)`,
      `ALTER TABLE cash_movements ADD COLUMN approved_by TEXT`,
    ]);
  },
};
