import { sql, type Kysely, type Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The clinic agenda (issue 11). Every table is synced through the outbox:
 * - `professionals`: a salesperson who performs procedures (`salesperson_id`), its weekly
 *   `working_hours` as JSON `[{ weekday 1..7 (ISO, 1 = Monday), start_minute, end_minute }]`
 *   (several intervals a day; a lunch break is the gap) and the `procedure_ids` it performs
 *   (JSON list of product ids). Records.
 * - `schedule_exceptions`: one date of one professional, its `intervals` JSON (`[]` = day off).
 * - `schedule_blocks`: ad-hoc unavailability [starts_at, ends_at) with a reason (`active` 0 = removed).
 * - `resources`: rooms and equipment a procedure may need.
 * - `appointments`: patient, procedure, professional, [starts_at, ends_at) in UTC ISO text,
 *   `busy_until` = ends_at + the procedure's buffer at booking time, the resources held
 *   (`resource_ids` JSON), status, cancellation data, the sale of its checkout, the reminder.
 * - `appointment_history`: every status or time change, with user and override (fact).
 * - `package_movements`: the ledger of session packages (purchase, consume, return, cancel) (fact).
 * - `products` gains `buffer_minutes`, `resource_ids` (JSON), `package_procedure_id`,
 *   `package_sessions`; its kind CHECK admits `package`: the table is rebuilt from its own stored
 *   definition (only that CHECK changes) with foreign keys off, then its indexes and triggers
 *   (the catalog search's) are created again.
 */
export const scheduling: Migration = {
  async up(db: Kysely<unknown>) {
    const table = await sql<{
      sql: string;
    }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'products'`.execute(db);
    const createSql = table.rows[0]?.sql ?? '';
    const widened = createSql.replace(
      "CHECK (kind IN ('goods','service'))",
      "CHECK (kind IN ('goods','service','package'))",
    );
    if (widened === createSql) throw new Error('0015: products.kind CHECK not found');
    const extras = await sql<{ sql: string }>`SELECT sql FROM sqlite_master
      WHERE tbl_name = 'products' AND type IN ('index', 'trigger') AND sql IS NOT NULL`.execute(db);
    const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
    // SQLite migrations run outside a transaction (kysely's SQLite adapter has no transactional
    // DDL), so foreign keys can be switched off for the rebuild, inside our own transaction.
    await runStatements(db, [
      'PRAGMA foreign_keys = OFF',
      'PRAGMA legacy_alter_table = ON',
      'BEGIN IMMEDIATE',
      widened.replace(/^CREATE TABLE "?products"?/, 'CREATE TABLE products_0015'),
      'INSERT INTO products_0015 SELECT * FROM products',
      'DROP TABLE products',
      'ALTER TABLE products_0015 RENAME TO products',
      ...extras.rows.map((r) => r.sql),
      'COMMIT',
      'PRAGMA legacy_alter_table = OFF',
      `PRAGMA foreign_keys = ${fk.rows[0]?.foreign_keys ? 'ON' : 'OFF'}`,
    ]);
    await runStatements(db, [
      `ALTER TABLE products ADD COLUMN buffer_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 1440)`,
      `ALTER TABLE products ADD COLUMN resource_ids TEXT NOT NULL DEFAULT '[]'`,
      `ALTER TABLE products ADD COLUMN package_procedure_id TEXT`,
      `ALTER TABLE products ADD COLUMN package_sessions INTEGER CHECK (package_sessions IS NULL OR package_sessions > 0)`,
      `CREATE TABLE professionals (
        id TEXT PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        salesperson_id TEXT NOT NULL UNIQUE REFERENCES salespeople(id),
        working_hours TEXT NOT NULL DEFAULT '[]',
        procedure_ids TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE schedule_exceptions (
        id TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        date TEXT NOT NULL,
        intervals TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (professional_id, date)
      ) STRICT`,
      `CREATE TABLE schedule_blocks (
        id TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (ends_at > starts_at)
      ) STRICT`,
      `CREATE INDEX schedule_blocks_professional ON schedule_blocks (professional_id, starts_at)`,
      `CREATE TABLE resources (
        id TEXT PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        product_id TEXT NOT NULL REFERENCES products(id),
        professional_id TEXT NOT NULL REFERENCES professionals(id),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        busy_until TEXT NOT NULL,
        resource_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pendente','confirmado','em_atendimento','realizado','cancelado','faltou')),
        cancel_reason TEXT,
        cancelled_by TEXT CHECK (cancelled_by IS NULL OR cancelled_by IN ('clinica','paciente')),
        late_cancel INTEGER NOT NULL DEFAULT 0,
        sale_id TEXT,
        package_purchase_id TEXT,
        reminder_sent_at TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (ends_at > starts_at AND busy_until >= ends_at)
      ) STRICT`,
      `CREATE INDEX appointments_professional ON appointments (professional_id, starts_at)`,
      // Covers the slots' and the rule's overlap reads (no table lookups over a month of bookings).
      `CREATE INDEX appointments_start ON appointments (starts_at, status, professional_id, busy_until, resource_ids)`,
      `CREATE INDEX appointments_customer ON appointments (customer_id, starts_at)`,
      `CREATE TABLE appointment_history (
        id TEXT PRIMARY KEY,
        appointment_id TEXT NOT NULL REFERENCES appointments(id),
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
        occurred_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX appointment_history_appointment ON appointment_history (appointment_id, occurred_at)`,
      `CREATE TABLE package_movements (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        purchase_id TEXT NOT NULL,
        package_product_id TEXT NOT NULL REFERENCES products(id),
        procedure_product_id TEXT NOT NULL REFERENCES products(id),
        kind TEXT NOT NULL CHECK (kind IN ('purchase','consume','return','cancel')),
        sessions INTEGER NOT NULL,
        sale_item_id TEXT,
        appointment_id TEXT,
        return_id TEXT,
        occurred_at TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX package_movements_customer ON package_movements (customer_id, procedure_product_id)`,
      `CREATE INDEX package_movements_purchase ON package_movements (purchase_id)`,
    ]);
  },
};
