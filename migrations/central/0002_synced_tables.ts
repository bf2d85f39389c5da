import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * Every synced device table (`SYNCED` in app/sync/outbox.ts), with the device's columns, types
 * (TEXT; INTEGER → BIGINT), defaults, NOT NULLs and CHECKs, plus:
 * - `tenant_id`, primary key `(tenant_id, id)` (`(tenant_id, code)` for barcodes);
 * - `device_id` (the desktop whose outbox first sent the row) and `store_id` where the device
 *   row has none (that desktop's enrolled store) — where the row came from;
 * - a device UNIQUE holds within one device's database, so here it is
 *   `UNIQUE (tenant_id, device_id, …)`, DEFERRABLE INITIALLY DEFERRED: a batch is applied table
 *   by table with set-based statements, and only its final state must be consistent (as on the
 *   device, whose writes were checked one by one). `users.login` is unique case-sensitively here
 *   (the device already refused a NOCASE duplicate); `customers.cpf` unique with NULLs distinct
 *   is the device's partial index.
 * - no FOREIGN KEYs: each reference was checked on the device that wrote it, rows arrive in
 *   outbox order, and a central FK would turn one refused parent into a batch that can never
 *   be applied, blocking that desktop's outbox for good.
 * - row-level security by tenant on every table.
 */
const ORIGIN = `device_id TEXT NOT NULL`;
const ORIGIN_STORE = `store_id TEXT NOT NULL,
        device_id TEXT NOT NULL`;
const unique = (table: string, name: string, columns: string) =>
  `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${name}_unique UNIQUE (tenant_id, device_id, ${columns}) DEFERRABLE INITIALLY DEFERRED`;

const TABLES: Record<string, string> = {
  stores: `
        id TEXT NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        cnpj TEXT,
        address TEXT,
        timezone TEXT NOT NULL DEFAULT 'America/Sao_Paulo',
        pix_key TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        city TEXT,
        receipt_width_mm BIGINT NOT NULL DEFAULT 80 CHECK (receipt_width_mm IN (58, 80)),
        ${ORIGIN}`,
  registers: `
        id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        ${ORIGIN}`,
  users: `
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        login TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner','manager','cashier','receptionist','professional')),
        pin_hash TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  products: `
        id TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        brand TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('goods','service')),
        duration_minutes BIGINT,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  variants: `
        id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        size TEXT,
        color TEXT,
        price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
        cost_cents BIGINT NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
        sold_by_weight BIGINT NOT NULL DEFAULT 0,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  barcodes: `
        code TEXT NOT NULL,
        variant_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        ${ORIGIN_STORE}`,
  salespeople: `
        id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        name TEXT NOT NULL,
        store_id TEXT NOT NULL,
        commission_rate_bp BIGINT NOT NULL DEFAULT 0 CHECK (commission_rate_bp BETWEEN 0 AND 10000),
        monthly_target_cents BIGINT NOT NULL DEFAULT 0,
        user_id TEXT,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN}`,
  customers: `
        id TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        cpf TEXT,
        email TEXT,
        phone TEXT,
        birth_date TEXT,
        address TEXT,
        preferences TEXT,
        acquisition_channel TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  commission_rules: `
        id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('variant','product','category','salesperson')),
        target TEXT NOT NULL,
        rate_bp BIGINT NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  sales: `
        id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        number TEXT NOT NULL,
        seq BIGINT NOT NULL,
        store_id TEXT NOT NULL,
        register_id TEXT,
        customer_id TEXT,
        salesperson_id TEXT,
        channel TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        subtotal_cents BIGINT NOT NULL,
        line_discount_cents BIGINT NOT NULL,
        order_discount_cents BIGINT NOT NULL,
        total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
        notes TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN}`,
  sale_items: `
        id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        line_no BIGINT NOT NULL,
        variant_id TEXT NOT NULL,
        qty_milli BIGINT NOT NULL CHECK (qty_milli > 0),
        unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents > 0),
        amount_cents BIGINT NOT NULL,
        line_discount_cents BIGINT NOT NULL,
        order_discount_cents BIGINT NOT NULL,
        net_cents BIGINT NOT NULL CHECK (net_cents >= 0),
        unit_cost_cents BIGINT NOT NULL,
        cost_cents BIGINT NOT NULL,
        commission_rate_bp BIGINT NOT NULL,
        commission_cents BIGINT NOT NULL,
        margin_cents BIGINT NOT NULL,
        ${ORIGIN_STORE}`,
  sale_discounts: `
        id TEXT NOT NULL,
        external_id TEXT,
        sale_id TEXT NOT NULL,
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        allocations TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  payments: `
        id TEXT NOT NULL,
        external_id TEXT,
        sale_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('dinheiro','pix','cartao_credito','cartao_debito','boleto','credito_loja')),
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        tendered_cents BIGINT NOT NULL,
        change_cents BIGINT NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
        installments BIGINT NOT NULL DEFAULT 1 CHECK (installments BETWEEN 1 AND 12),
        register_id TEXT,
        cash_session_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  cancellations: `
        id TEXT NOT NULL,
        external_id TEXT,
        sale_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        refund_cents BIGINT NOT NULL,
        cash_refund_cents BIGINT NOT NULL DEFAULT 0,
        cash_session_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  returns: `
        id TEXT NOT NULL,
        external_id TEXT,
        sale_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        condition TEXT NOT NULL CHECK (condition IN ('revenda','avariado')),
        refund_method TEXT NOT NULL CHECK (refund_method IN ('dinheiro','original','credito_loja')),
        refund_cents BIGINT NOT NULL,
        cash_session_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  return_items: `
        id TEXT NOT NULL,
        return_id TEXT NOT NULL,
        sale_item_id TEXT NOT NULL,
        qty_milli BIGINT NOT NULL CHECK (qty_milli > 0),
        refund_cents BIGINT NOT NULL,
        commission_reversal_cents BIGINT NOT NULL,
        margin_reversal_cents BIGINT NOT NULL,
        ${ORIGIN_STORE}`,
  fiscal_documents: `
        id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        doc_type TEXT NOT NULL CHECK (doc_type IN ('NFE','NFCE')),
        fiscal_number TEXT NOT NULL,
        serie TEXT NOT NULL,
        cfop TEXT NOT NULL,
        nfe_key TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        icms_cents BIGINT NOT NULL,
        pis_cents BIGINT NOT NULL,
        cofins_cents BIGINT NOT NULL,
        total_tax_cents BIGINT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  sale_status_history: `
        id TEXT NOT NULL,
        sale_id TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        reason TEXT,
        user_id TEXT,
        occurred_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  stock_movements: `
        id TEXT NOT NULL,
        variant_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        qty_milli BIGINT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sale','return','cancellation','receiving','adjustment','count')),
        reference_id TEXT,
        reason TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN}`,
  loyalty_movements: `
        id TEXT NOT NULL,
        external_id TEXT,
        customer_id TEXT NOT NULL,
        sale_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('earn','redeem','reversal')),
        points BIGINT NOT NULL,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  cash_sessions: `
        id TEXT NOT NULL,
        register_id TEXT NOT NULL,
        opening_float_cents BIGINT NOT NULL CHECK (opening_float_cents >= 0),
        opened_by TEXT,
        opened_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  cash_movements: `
        id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('suprimento','sangria')),
        amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
        reason TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  cash_closings: `
        id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        register_id TEXT NOT NULL,
        number BIGINT NOT NULL,
        report TEXT NOT NULL,
        expected_cash_cents BIGINT NOT NULL,
        counted_cash_cents BIGINT NOT NULL,
        difference_cents BIGINT NOT NULL,
        approved_by TEXT,
        closed_by TEXT,
        closed_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        ${ORIGIN_STORE}`,
};

/** The device's UNIQUE constraints, each scoped to the device that wrote the rows. */
const UNIQUES: [string, string, string][] = [
  ['stores', 'code', 'code'],
  ['registers', 'store_code', 'store_id, code'],
  ['users', 'login', 'login'],
  ['products', 'external_id', 'external_id'],
  ['variants', 'external_id', 'external_id'],
  ['salespeople', 'external_id', 'external_id'],
  ['customers', 'external_id', 'external_id'],
  ['customers', 'cpf', 'cpf'],
  ['commission_rules', 'scope_target', 'scope, target'],
  ['sales', 'external_id', 'external_id'],
  ['sales', 'number', 'number'],
  ['sale_items', 'sale_line', 'sale_id, line_no'],
  ['sale_discounts', 'external_id', 'external_id'],
  ['payments', 'external_id', 'external_id'],
  ['cancellations', 'external_id', 'external_id'],
  ['cancellations', 'sale', 'sale_id'],
  ['returns', 'external_id', 'external_id'],
  ['fiscal_documents', 'nfe_key', 'nfe_key'],
  ['loyalty_movements', 'external_id', 'external_id'],
  ['cash_closings', 'session', 'session_id'],
  ['cash_closings', 'register_number', 'register_id, number'],
];

export const syncedTables: Migration = {
  async up(db: Kysely<unknown>) {
    const statements: string[] = [];
    for (const [table, columns] of Object.entries(TABLES)) {
      const key = table === 'barcodes' ? 'code' : 'id';
      statements.push(
        `CREATE TABLE ${table} (
        tenant_id TEXT NOT NULL,${columns},
        PRIMARY KEY (tenant_id, ${key})
      )`,
        ...tenantPolicy(table),
      );
    }
    for (const [table, name, columns] of UNIQUES) statements.push(unique(table, name, columns));
    await runStatements(db, statements);
  },
};
