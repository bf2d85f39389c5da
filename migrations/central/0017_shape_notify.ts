import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/** The channel a sync server LISTENs on; the payload is the tenant id whose log moved. */
export const SYNC_LOG_CHANNEL = 'balcao_sync_log';

/**
 * Wakes waiting shape long-polls: whenever a tenant's `sync_counters.last_seq` moves (a push, or
 * any future writer that appends to `sync_log`), `pg_notify('balcao_sync_log', tenant_id)` is
 * queued; Postgres delivers it at commit, so a listener never sees a change before it is
 * visible. A trigger rather than a call in the push code, so no writer can forget it.
 */
export const shapeNotify: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE FUNCTION sync_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_notify('${SYNC_LOG_CHANNEL}', NEW.tenant_id);
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER sync_counters_notify AFTER UPDATE OF last_seq ON sync_counters
       FOR EACH ROW WHEN (NEW.last_seq IS DISTINCT FROM OLD.last_seq) EXECUTE FUNCTION sync_log_notify()`,
    ]);
  },
};
