import { sql, type Kysely, type Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Payments completed (issue 17): card fees copied onto the payment, expected settlements,
 * the store's crediário (parcelas and what was received on them), chargebacks and expiries.
 *
 * - `payments` is rebuilt from its own stored definition so its method CHECK admits `crediario`
 *   (nothing else changes; indexes and triggers are recreated), then gains `fee_cents` (the fee
 *   copied at recording time, centavos), `fee_rule_id`, `acquirer`, `card_brand`,
 *   `authorization_code` and `declined` (1 = a card payment the acquirer refused: stored, never
 *   counted as paid).
 * - `payment_fee_rules` (record): rate (bp) + fixed amount per method and installment range.
 * - `payment_settlements` (fact): what the acquirer will pay and when, one row per installment.
 * - `crediario_installments` (record): the parcelas of a crediário payment; `status` moves
 *   aberta → paga | cancelada.
 * - `installment_receipts` (fact): money received against a parcela, with the late charges kept.
 * - `chargebacks` (record): a disputed card payment; `outcome` NULL while open.
 * - `sale_expirations` (fact): a charge that expired unpaid (stock given back).
 * - `crediario_limits` (record): a customer's credit limit, keyed by the customer id.
 */
export const payments: Migration = {
  async up(db: Kysely<unknown>) {
    const table = await sql<{
      sql: string;
    }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'payments'`.execute(db);
    const createSql = table.rows[0]?.sql ?? '';
    const widened = createSql.replace("'boleto','credito_loja')", "'boleto','credito_loja','crediario')");
    if (widened === createSql) throw new Error('0018: payments.method CHECK not found');
    const extras = await sql<{ sql: string }>`SELECT sql FROM sqlite_master
      WHERE tbl_name = 'payments' AND type IN ('index', 'trigger') AND sql IS NOT NULL`.execute(db);
    await runStatements(db, [
      widened.replace(/^CREATE TABLE "?payments"?/, 'CREATE TABLE payments_0018'),
      `INSERT INTO payments_0018 SELECT * FROM payments`,
      `DROP TABLE payments`,
      `ALTER TABLE payments_0018 RENAME TO payments`,
      ...extras.rows.map((r) => r.sql),
      `ALTER TABLE payments ADD COLUMN fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (fee_cents >= 0)`,
      `ALTER TABLE payments ADD COLUMN fee_rule_id TEXT`,
      `ALTER TABLE payments ADD COLUMN acquirer TEXT`,
      `ALTER TABLE payments ADD COLUMN card_brand TEXT`,
      `ALTER TABLE payments ADD COLUMN authorization_code TEXT`,
      `ALTER TABLE payments ADD COLUMN declined INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1))`,
      `CREATE TABLE payment_fee_rules (
        id TEXT PRIMARY KEY,
        method TEXT NOT NULL CHECK (method IN ('pix','cartao_credito','cartao_debito','boleto')),
        min_installments INTEGER NOT NULL CHECK (min_installments BETWEEN 1 AND 12),
        max_installments INTEGER NOT NULL CHECK (max_installments BETWEEN 1 AND 12),
        rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
        fixed_cents INTEGER NOT NULL DEFAULT 0 CHECK (fixed_cents >= 0),
        acquirer TEXT NOT NULL,
        settlement_days INTEGER NOT NULL CHECK (settlement_days BETWEEN 0 AND 365),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (min_installments <= max_installments)
      ) STRICT`,
      `CREATE TABLE payment_settlements (
        id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments(id),
        sale_id TEXT NOT NULL REFERENCES sales(id),
        method TEXT NOT NULL,
        acquirer TEXT,
        installment_number INTEGER NOT NULL CHECK (installment_number BETWEEN 1 AND 12),
        expected_on TEXT NOT NULL,
        gross_cents INTEGER NOT NULL CHECK (gross_cents >= 0),
        fee_cents INTEGER NOT NULL CHECK (fee_cents >= 0),
        net_cents INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX payment_settlements_expected ON payment_settlements (expected_on)`,
      `CREATE INDEX payment_settlements_payment ON payment_settlements (payment_id)`,
      `CREATE TABLE crediario_installments (
        id TEXT PRIMARY KEY,
        sale_id TEXT NOT NULL REFERENCES sales(id),
        payment_id TEXT NOT NULL REFERENCES payments(id),
        customer_id TEXT NOT NULL REFERENCES customers(id),
        number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 12),
        count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 12),
        due_date TEXT NOT NULL,
        principal_cents INTEGER NOT NULL CHECK (principal_cents >= 0),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        status TEXT NOT NULL DEFAULT 'aberta' CHECK (status IN ('aberta','paga','cancelada')),
        paid_at TEXT,
        cancelled_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (sale_id, number)
      ) STRICT`,
      `CREATE INDEX crediario_installments_customer ON crediario_installments (customer_id, status)`,
      `CREATE INDEX crediario_installments_due ON crediario_installments (status, due_date)`,
      `CREATE TABLE installment_receipts (
        id TEXT PRIMARY KEY,
        external_id TEXT UNIQUE,
        installment_id TEXT NOT NULL REFERENCES crediario_installments(id),
        sale_id TEXT NOT NULL REFERENCES sales(id),
        method TEXT NOT NULL CHECK (method IN ('dinheiro','pix','cartao_credito','cartao_debito')),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        fine_cents INTEGER NOT NULL DEFAULT 0 CHECK (fine_cents >= 0),
        interest_cents INTEGER NOT NULL DEFAULT 0 CHECK (interest_cents >= 0),
        total_cents INTEGER NOT NULL CHECK (total_cents > 0),
        tendered_cents INTEGER NOT NULL,
        change_cents INTEGER NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
        fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
        days_late INTEGER NOT NULL DEFAULT 0 CHECK (days_late >= 0),
        register_id TEXT REFERENCES registers(id),
        cash_session_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX installment_receipts_session ON installment_receipts (cash_session_id) WHERE cash_session_id IS NOT NULL`,
      `CREATE INDEX installment_receipts_installment ON installment_receipts (installment_id)`,
      `CREATE TABLE chargebacks (
        id TEXT PRIMARY KEY,
        external_id TEXT UNIQUE,
        sale_id TEXT NOT NULL REFERENCES sales(id),
        payment_id TEXT REFERENCES payments(id),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        reason TEXT NOT NULL,
        previous_status TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('ganha','perdida')),
        return_id TEXT,
        resolved_at TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX chargebacks_sale ON chargebacks (sale_id)`,
      `CREATE TABLE sale_expirations (
        id TEXT PRIMARY KEY,
        sale_id TEXT NOT NULL UNIQUE REFERENCES sales(id),
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE crediario_limits (
        id TEXT PRIMARY KEY REFERENCES customers(id),
        limit_cents INTEGER NOT NULL CHECK (limit_cents >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
    ]);
  },
};
