import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * The device half of sync:
 * - `sync_device`: this desktop's enrolment (server URL, tenant, device id, token) and the push
 *   loop's last outcome. One row at most; local to this computer, never synced (the token would
 *   let anyone push as this device).
 * - `sales.discount_approved_by`: who approved a counter discount beyond the limit
 *   (`sales.max_discount_bp`), so the central database knows it too. NULL when no approval was
 *   needed; `sale_discounts.approved_by` the same for a discount given on an open sale.
 *   (Cash differences already carry `cash_closings.approved_by`; a cancellation is
 *   authorised by its `created_by`, who must hold `sales.cancel`.)
 * - An index for the push loop's "oldest pending" and rejected lists.
 */
export const syncDevice: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE sync_device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        token TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_push_at TEXT,
        connected INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
        last_error_code TEXT,
        last_error_message TEXT
      ) STRICT`,
      `ALTER TABLE sales ADD COLUMN discount_approved_by TEXT`,
      `ALTER TABLE sale_discounts ADD COLUMN approved_by TEXT`,
      `CREATE INDEX sync_outbox_rejected ON sync_outbox (seq) WHERE rejected_code IS NOT NULL`,
    ]);
  },
};
