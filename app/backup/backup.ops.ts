import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { op } from '../contract/define';
import { AppError } from '../contract/errors';
import { boundedInt, line } from '../contract/schemas';
import {
  backupFolder,
  backupRunning,
  lastBackupError,
  listBackups,
  nextBackupDue,
  readBackupSettings,
  runBackup,
  writeBackupSettings,
} from './backup.service';

export const backupSettingsSchema = z.strictObject({
  /** Absolute folder; null goes back to the default (`backups/` beside the database). */
  folder: line(1000)
    .refine((s) => isAbsolute(s), { message: 'Informe o caminho completo da pasta.' })
    .nullable()
    .optional(),
  interval_hours: boundedInt(1, 168, 'O intervalo (em horas)').optional(),
  enabled: z.boolean().optional(),
});

/**
 * Backups (issue 16), permission `backup.manage` (owner, manager). `backup.run` starts a
 * backup in the background and answers at once; `backup.status` shows it running, the last
 * error and the list. Restoring replaces the database file, so it is the CLI's `restore` (the
 * running app cannot replace the file it holds).
 */
export const backupOps = {
  'backup.status': op({
    input: z.strictObject({}),
    permission: 'backup.manage',
    readonly: true,
    handler: (ctx) => {
      const settings = readBackupSettings(ctx.db);
      return {
        settings,
        folder: backupFolder(ctx.db, settings),
        running: backupRunning(ctx.db),
        last_error: lastBackupError(ctx.db),
        next_due: nextBackupDue(ctx.db, settings),
        backups: listBackups(ctx.db),
      };
    },
  }),
  'backup.update_settings': op({
    input: backupSettingsSchema,
    permission: 'backup.manage',
    handler: (ctx, input) => writeBackupSettings(ctx.db, input, ctx.clock.now()),
  }),
  'backup.run': op({
    input: z.strictObject({}),
    permission: 'backup.manage',
    readonly: true,
    handler: (ctx) => {
      if (ctx.db.inTransaction) {
        throw new AppError('backup_busy', 'backup.run inside a transaction', 'Não é possível fazer backup agora.');
      }
      const already = backupRunning(ctx.db);
      // The backup is asynchronous (online backup API in steps); its outcome shows in backup.status.
      runBackup(ctx.db, 'manual', ctx.clock).catch(() => undefined);
      return { started: !already, running: true };
    },
  }),
};
