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
import { listBackupFiles, planRestore, planUploadedRestore } from './backup.files';

export const backupSettingsSchema = z.strictObject({
  /** Absolute folder; null goes back to the default (`backups/` beside the database). */
  folder: line(1000)
    .refine((s) => isAbsolute(s), { message: 'Informe o caminho completo da pasta.' })
    .nullable()
    .optional(),
  interval_hours: boundedInt(1, 168, 'O intervalo (em horas)').optional(),
  enabled: z.boolean().optional(),
});

/** A backup file's name in the backup folder: no folders. */
const backupName = line(255).refine((s) => !/[\\/]/.test(s), { message: 'Informe só o nome do arquivo.' });

/** A whole database as base64: ~15 MB, within the HTTP bridge's 20 MB body for LARGE_BODY_OPS. */
export const MAX_UPLOAD_BASE64 = 20_000_000;

/**
 * Backups (issue 16), permission `backup.manage` (owner, manager). `backup.run` starts a
 * backup in the background and answers at once; `backup.status` shows it running, the last
 * error, the records and the files of the backup folder (`files`, what can be restored).
 * `backup.restore` / `backup.restore_upload` (`backup.restore`: the owner) only plan here —
 * resolve the file, or write the upload beside the database — and return the plan: the
 * transports run them through `runLiveOp` (backup.live.ts), which closes the database, restores
 * and reopens it. The CLI's `restore` does the same on a closed file.
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
        files: listBackupFiles(ctx.db),
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
  'backup.restore': op({
    input: z.strictObject({ name: backupName }),
    permission: 'backup.restore',
    readonly: true,
    handler: (ctx, input) => planRestore(ctx.db, input.name),
  }),
  'backup.restore_upload': op({
    input: z.strictObject({
      name: backupName,
      content_base64: z
        .string()
        .min(1, { message: 'Envie o arquivo do backup.' })
        .max(MAX_UPLOAD_BASE64, {
          message:
            'Arquivo grande demais para enviar (até 15 MB); copie-o para a pasta de backups e restaure pela lista.',
        })
        .regex(/^[A-Za-z0-9+/=]*$/, { message: 'O arquivo enviado não está em base64.' }),
    }),
    permission: 'backup.restore',
    readonly: true,
    handler: (ctx, input) => planUploadedRestore(ctx.db, input.name, input.content_base64),
  }),
};
