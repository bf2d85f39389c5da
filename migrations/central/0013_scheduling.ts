import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * The clinic agenda (device migration 0015), mirrored like 0002: the device's columns, types
 * (INTEGER → BIGINT), defaults, NOT NULLs and CHECKs; `tenant_id` and the origin `device_id` and
 * `store_id`; primary key `(tenant_id, id)`; device UNIQUEs scoped to the device that wrote the
 * rows, deferred; no foreign keys; row-level security by tenant.
 * - `products` gains `buffer_minutes`, `resource_ids`, `package_procedure_id`, `package_sessions`,
 *   and its kind CHECK admits `package`.
 * - Overlapping bookings from two desktops are not refused here: `agenda.conflicts` on each
 *   desktop lists them for the receptionist (a central refusal would block a desktop's outbox).
 */
const ORIGIN_STORE = `store_id TEXT NOT NULL,
        device_id TEXT NOT NULL`;

const TABLES: Record<string, string> = {
  professionals: `
        id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        salesperson_id TEXT NOT NULL,
        working_hours TEXT NOT NULL DEFAULT '[]',
        procedure_ids TEXT NOT NULL DEFAULT '[]',
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  schedule_exceptions: `
        id TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        date TEXT NOT NULL,
        intervals TEXT NOT NULL DEFAULT '[]',
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  schedule_blocks: `
        id TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (ends_at > starts_at),
        ${ORIGIN_STORE}`,
  resources: `
        id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        name TEXT NOT NULL,
        active BIGINT NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  appointments: `
        id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        busy_until TEXT NOT NULL,
        resource_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pendente','confirmado','em_atendimento','realizado','cancelado','faltou')),
        cancel_reason TEXT,
        cancelled_by TEXT CHECK (cancelled_by IS NULL OR cancelled_by IN ('clinica','paciente')),
        late_cancel BIGINT NOT NULL DEFAULT 0,
        sale_id TEXT,
        package_purchase_id TEXT,
        reminder_sent_at TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (ends_at > starts_at AND busy_until >= ends_at),
        ${ORIGIN_STORE}`,
  appointment_history: `
        id TEXT NOT NULL,
        appointment_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('created','status','reschedule')),
        from_status TEXT,
        to_status TEXT,
        old_starts_at TEXT,
        new_starts_at TEXT,
        old_professional_id TEXT,
        new_professional_id TEXT,
        override_codes TEXT,
        reason TEXT,
        user_id TEXT,
        occurred_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  package_movements: `
        id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        purchase_id TEXT NOT NULL,
        package_product_id TEXT NOT NULL,
        procedure_product_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('purchase','consume','return','cancel')),
        sessions BIGINT NOT NULL,
        sale_item_id TEXT,
        appointment_id TEXT,
        return_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
};

/** The device's UNIQUE constraints, each scoped to the device that wrote the rows. */
const UNIQUES: [string, string, string][] = [
  ['professionals', 'external_id', 'external_id'],
  ['professionals', 'salesperson', 'salesperson_id'],
  ['schedule_exceptions', 'professional_date', 'professional_id, date'],
  ['resources', 'external_id', 'external_id'],
  ['appointments', 'external_id', 'external_id'],
];

const PRODUCT_COLUMNS = [
  `buffer_minutes BIGINT NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 1440)`,
  `resource_ids TEXT NOT NULL DEFAULT '[]'`,
  `package_procedure_id TEXT`,
  `package_sessions BIGINT CHECK (package_sessions IS NULL OR package_sessions > 0)`,
];

export const scheduling: Migration = {
  async up(db: Kysely<unknown>) {
    const statements: string[] = [
      `ALTER TABLE products DROP CONSTRAINT IF EXISTS products_kind_check`,
      `ALTER TABLE products ADD CONSTRAINT products_kind_check CHECK (kind IN ('goods','service','package'))`,
      ...PRODUCT_COLUMNS.map((c) => `ALTER TABLE products ADD COLUMN IF NOT EXISTS ${c}`),
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
