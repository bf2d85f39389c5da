import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * Payments completed (device migration 0018), mirrored like 0002: the device's columns, types
 * (INTEGER → BIGINT), defaults, NOT NULLs and CHECKs; `tenant_id` and the origin `device_id` and
 * `store_id`; primary key `(tenant_id, id)`; device UNIQUEs scoped to the device that wrote the
 * rows, deferred; no foreign keys; row-level security by tenant.
 * `payments.method` admits `crediario`, and `payments.amount_cents` admits 0 like the device
 * since 0010 (a cash tender handed back entirely as change), which 0012 had not mirrored.
 */
const ORIGIN_STORE = `store_id TEXT NOT NULL,
        device_id TEXT NOT NULL`;

const PAYMENT_COLUMNS = [
  'fee_cents BIGINT NOT NULL DEFAULT 0 CHECK (fee_cents >= 0)',
  'fee_rule_id TEXT',
  'acquirer TEXT',
  'card_brand TEXT',
  'authorization_code TEXT',
  'declined BIGINT NOT NULL DEFAULT 0 CHECK (declined IN (0, 1))',
];

const TABLES: Record<string, string> = {
  payment_fee_rules: `
        id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('pix','cartao_credito','cartao_debito','boleto')),
        min_installments BIGINT NOT NULL CHECK (min_installments BETWEEN 1 AND 12),
        max_installments BIGINT NOT NULL CHECK (max_installments BETWEEN 1 AND 12),
        rate_bp BIGINT NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
        fixed_cents BIGINT NOT NULL DEFAULT 0 CHECK (fixed_cents >= 0),
        acquirer TEXT NOT NULL,
        settlement_days BIGINT NOT NULL CHECK (settlement_days BETWEEN 0 AND 365),
        active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  payment_settlements: `
        id TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        method TEXT NOT NULL,
        acquirer TEXT,
        installment_number BIGINT NOT NULL CHECK (installment_number BETWEEN 1 AND 12),
        expected_on TEXT NOT NULL,
        gross_cents BIGINT NOT NULL CHECK (gross_cents >= 0),
        fee_cents BIGINT NOT NULL CHECK (fee_cents >= 0),
        net_cents BIGINT NOT NULL,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  crediario_installments: `
        id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        number BIGINT NOT NULL CHECK (number BETWEEN 1 AND 12),
        count BIGINT NOT NULL CHECK (count BETWEEN 1 AND 12),
        due_date TEXT NOT NULL,
        principal_cents BIGINT NOT NULL CHECK (principal_cents >= 0),
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        status TEXT NOT NULL DEFAULT 'aberta' CHECK (status IN ('aberta','paga','cancelada')),
        paid_at TEXT,
        cancelled_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  installment_receipts: `
        id TEXT NOT NULL,
        external_id TEXT,
        installment_id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('dinheiro','pix','cartao_credito','cartao_debito')),
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        fine_cents BIGINT NOT NULL DEFAULT 0 CHECK (fine_cents >= 0),
        interest_cents BIGINT NOT NULL DEFAULT 0 CHECK (interest_cents >= 0),
        total_cents BIGINT NOT NULL CHECK (total_cents > 0),
        tendered_cents BIGINT NOT NULL,
        change_cents BIGINT NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
        fee_cents BIGINT NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
        days_late BIGINT NOT NULL DEFAULT 0 CHECK (days_late >= 0),
        register_id TEXT,
        cash_session_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  chargebacks: `
        id TEXT NOT NULL,
        external_id TEXT,
        sale_id TEXT NOT NULL,
        payment_id TEXT,
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        reason TEXT NOT NULL,
        previous_status TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('ganha','perdida')),
        return_id TEXT,
        resolved_at TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  sale_expirations: `
        id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  crediario_limits: `
        id TEXT NOT NULL,
        limit_cents BIGINT NOT NULL CHECK (limit_cents >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
};

const UNIQUES: [string, string, string][] = [
  ['crediario_installments', 'sale_number', 'sale_id, number'],
  ['installment_receipts', 'external_id', 'external_id'],
  ['chargebacks', 'external_id', 'external_id'],
  ['sale_expirations', 'sale', 'sale_id'],
];

export const payments: Migration = {
  async up(db: Kysely<unknown>) {
    const statements: string[] = [
      `ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_method_check`,
      `ALTER TABLE payments ADD CONSTRAINT payments_method_check CHECK (method IN ('dinheiro','pix','cartao_credito','cartao_debito','boleto','credito_loja','crediario'))`,
      `ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_amount_cents_check`,
      `ALTER TABLE payments ADD CONSTRAINT payments_amount_cents_check CHECK (amount_cents >= 0)`,
      ...PAYMENT_COLUMNS.map((c) => `ALTER TABLE payments ADD COLUMN IF NOT EXISTS ${c}`),
    ];
    for (const [table, columns] of Object.entries(TABLES)) {
      statements.push(
        `CREATE TABLE ${table} (
        tenant_id TEXT NOT NULL,${columns},
        PRIMARY KEY (tenant_id, id)
      )`,
        ...tenantPolicy(table),
      );
    }
    for (const [table, name, columns] of UNIQUES) {
      statements.push(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${name}_unique UNIQUE (tenant_id, device_id, ${columns}) DEFERRABLE INITIALLY DEFERRED`,
      );
    }
    await runStatements(db, statements);
  },
};
