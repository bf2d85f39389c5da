import type { Balcao } from '../balcao';
import { DatabaseReopeningError, RESTORE_IN_PROGRESS } from '../balcao';
import type { Clock, Session } from '../contract/context';
import { AppError, type OpResult } from '../contract/errors';
import { log } from '../log';
import { recordAudit } from '../audit/audit.service';
import { BackupError, removeDatabaseFiles } from './backup.file';
import type { RestorePlan } from './backup.files';
import { restoreDatabase, type RestoreResult, type RestoreStep } from './backup.restore';
import { cancelJobsForRestore } from '../reports/reports.jobs';
import { startBackupScheduler } from './backup.scheduler';
import { backupRunning, waitForBackup } from './backup.service';

/** The operations a transport runs through `runLiveOp` (they close and reopen the database). */
export const LIVE_OPS: ReadonlySet<string> = new Set(['backup.restore', 'backup.restore_upload']);

export interface LiveRestoreResult extends Omit<RestoreResult, 'restored_from'> {
  restored_from: string;
  /** Every session of this process was signed out: the screen goes back to the login. */
  signed_out: true;
}

/**
 * Restores `plan.file` into the running app: waits for a backup being written, then
 * `app.reopen` suspends the background services, closes the database, runs the verified
 * restore (`restoreDatabase`: checks, migration, sync reconciliation, the live file kept aside
 * as `…-antes-da-restauracao-…`, atomic replacement) and reopens — on the restored file, or on
 * the untouched one when the restore was refused. Then records the restore in the restored
 * database's audit trail. Throws BackupError (refusals, nothing changed) or
 * DatabaseReopeningError (another restore runs) or AppError `restore_reopen_failed` (the
 * restored file did not open; the database as it was before is open again) / `database_unavailable`.
 */
export async function restoreRunningApp(
  app: Balcao,
  plan: RestorePlan,
  session: Session,
  hooks: { onStep?: (step: RestoreStep) => void | Promise<void> } = {},
): Promise<RestoreResult> {
  // Without a backup being written the reopen starts synchronously: operations are refused from
  // the moment this is called.
  if (backupRunning(app.db)) await waitForBackup(app.db);
  // A restored file that then fails to open is replaced by the copy kept aside (app.reopen).
  const result = await app.reopen(
    async (path) => {
      // Report exports read the file being replaced: they end (cancelled, saying why) first.
      await cancelJobsForRestore(path);
      return restoreDatabase(path, plan.file, {
        now: app.clock.now(),
        ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
      });
    },
    { keptCopy: (r) => r.previous_kept_as },
  );
  try {
    const ctx = { db: app.db, session, clock: app.clock };
    app.db.transaction(() => recordAudit(ctx, 'backup.restore', 'write', [], { name: plan.name }));
  } catch (error) {
    // The signed-in user may not exist in the restored data; the restore itself stands.
    log.warn('restore not audited', { error: error instanceof Error ? error.message : String(error) });
  }
  return result;
}

/**
 * A transport's entry for the LIVE_OPS: the dispatcher validates the input, checks the
 * permission (`backup.restore`, the owner) and plans (the handler resolves or writes the file);
 * then the restore runs here, outside any transaction. On success every session of the process
 * has been dropped (the services' resume) and the caller's is signed out too. Refusals come back
 * as values: `backup_corrupted`, `not_balcao`, `unknown_migrations`, `database_in_use`,
 * `backup_unreadable`, `backup_migration_failed`, `restore_failed`, `restore_reopen_failed`,
 * `restore_in_progress` — never internal_error for bad input.
 */
export async function runLiveOp(app: Balcao, op: string, input: unknown, session: Session): Promise<OpResult<unknown>> {
  const planned = app.dispatch(op, input, session);
  if (!planned.ok) return planned;
  const plan = planned.value as RestorePlan;
  try {
    const r = await restoreRunningApp(app, plan, session);
    Object.assign(session, { userId: null, role: null, registerId: null, version: 0 });
    const value: LiveRestoreResult = { ...r, restored_from: plan.name, signed_out: true };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof BackupError) {
      log.warn('restore refused', { code: error.code, reason: error.message });
      return { ok: false, error: { code: error.code, message: error.userMessage } };
    }
    if (error instanceof DatabaseReopeningError) return { ok: false, error: RESTORE_IN_PROGRESS };
    if (error instanceof AppError) {
      // restore_reopen_failed (the previous database is back) or database_unavailable.
      log.error('restore not completed', { code: error.code, reason: error.message });
      return {
        ok: false,
        error: { code: error.code, message: error.userMessage, ...(error.details ? { details: error.details } : {}) },
      };
    }
    const e = error instanceof Error ? error : new Error(String(error));
    log.error('restore failed', { error: e.message, stack: e.stack });
    return { ok: false, error: { code: 'internal_error', message: 'Erro interno ao restaurar; tente novamente.' } };
  } finally {
    if (plan.uploaded) removeDatabaseFiles(plan.file);
  }
}

/** A transport's handler of the heavy reads (app/analytics/offload.ts), if it has one. */
export interface OffloadRoute {
  handles(op: string): boolean;
  run(op: string, input: unknown, session: Session): Promise<OpResult<unknown>>;
}

/**
 * How every transport answers an operation: `restore_in_progress` while the database is being
 * replaced, the LIVE_OPS through runLiveOp, the offloaded reads in their worker, the rest
 * through the dispatcher.
 */
export function routeOperation(
  app: Balcao,
  offload?: OffloadRoute,
): (op: string, input: unknown, session: Session) => OpResult<unknown> | Promise<OpResult<unknown>> {
  return (op, input, session) => {
    const busy = app.unavailable();
    if (busy) return { ok: false, error: busy };
    if (LIVE_OPS.has(op)) return runLiveOp(app, op, input, session);
    if (offload?.handles(op)) return offload.run(op, input, session);
    return app.dispatch(op, input, session);
  };
}

/**
 * The automatic backup of a running app (npm run web, Electron main): started on the open
 * database and restarted on the reopened one after a restore. Returns `stop()`.
 */
export function keepBackupScheduler(app: Balcao, clock: Clock): { stop(): void } {
  let scheduler = startBackupScheduler(app.db, { clock });
  const detach = app.attach({
    suspend: () => {
      scheduler.stop();
      return waitForBackup(app.db);
    },
    resume: () => {
      scheduler = startBackupScheduler(app.db, { clock });
    },
  });
  return {
    stop: () => {
      detach();
      scheduler.stop();
    },
  };
}
