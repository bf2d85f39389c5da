import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../contract/context';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { log } from '../log';
import { getSetting, putSetting } from '../settings/settings.queries';
import { BackupError, checksumFile, writeBackupFile, type WrittenBackup } from './backup.file';
import { backupFileName, expiredBackups } from './backup.retention';
import type { BackupsTable } from './backup.tables';

export const SETTINGS_KEY = 'backup.settings';

/** The backup settings (setting `backup.settings`, this computer only). */
export interface BackupSettings {
  /** Folder chosen in Configurações; null = `backups` in the database's (user-data) folder. */
  folder: string | null;
  /** Hours between automatic backups (daily by default). */
  interval_hours: number;
  enabled: boolean;
}

export const DEFAULT_SETTINGS: BackupSettings = { folder: null, interval_hours: 24, enabled: true };

export function readBackupSettings(db: Db): BackupSettings {
  return { ...DEFAULT_SETTINGS, ...(getSetting<Partial<BackupSettings>>(db, SETTINGS_KEY) ?? {}) };
}

export function writeBackupSettings(db: Db, patch: Partial<BackupSettings>, now: Date): BackupSettings {
  const next = { ...readBackupSettings(db), ...patch };
  putSetting(db, SETTINGS_KEY, next, now.toISOString());
  return next;
}

/** The database file behind `db` (better-sqlite3 keeps its name). */
export function databasePath(db: Db): string {
  return resolve(db.raw.name);
}

/** Where backups go: the chosen folder, else `backups/` beside the database (the user-data folder). */
export function backupFolder(db: Db, settings = readBackupSettings(db)): string {
  return settings.folder ?? join(dirname(databasePath(db)), 'backups');
}

export interface BackupRecord extends WrittenBackup {
  id: string;
  trigger: BackupsTable['trigger'];
  taken_at: string;
  /** Older automatic backups removed by the retention rule. */
  removed: string[];
}

const running = new WeakMap<Db, Promise<BackupRecord>>();
const lastErrors = new WeakMap<Db, { at: string; message: string }>();

/** Deletes the backup files of `folder` the retention rule lets go (and their records). */
function prune(db: Db, folder: string, now: Date): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    // A folder that takes files but cannot be listed (write-only share): the backup written
    // stands; only the retention is skipped.
    log.warn('backup folder not listed, retention skipped', {
      folder,
      error: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
  const expired = expiredBackups(names, now);
  for (const name of expired) {
    const file = join(folder, name);
    rmSync(file, { force: true });
    rmSync(checksumFile(file), { force: true });
    db.raw.prepare('DELETE FROM backups WHERE file = ?').run(file);
  }
  return expired;
}

async function takeBackup(
  db: Db,
  trigger: BackupsTable['trigger'],
  clock: Clock,
  outFile?: string,
): Promise<BackupRecord> {
  const at = clock.now();
  const folder = backupFolder(db);
  const file = outFile ? resolve(outFile) : join(folder, backupFileName(at));
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new BackupError(
      'backup_failed',
      `cannot create ${dirname(file)}: ${error instanceof Error ? error.message : String(error)}`,
      'Não foi possível criar a pasta de backup.',
    );
  }
  const written = await writeBackupFile(db.raw, file);
  const record = {
    id: newId(),
    // The name actually written: `…-2.sqlite3` when another backup already had `file`.
    file: written.file,
    sha256: written.sha256,
    bytes: written.bytes,
    trigger,
    taken_at: at.toISOString(),
  };
  db.raw
    .prepare('INSERT INTO backups (id, file, sha256, bytes, trigger, taken_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(record.id, record.file, record.sha256, record.bytes, record.trigger, record.taken_at);
  const removed = outFile ? [] : prune(db, folder, at);
  log.info('backup written', { file: written.file, bytes: written.bytes, trigger, removed: removed.length });
  return { ...written, ...record, removed };
}

/**
 * Takes one backup of the open database now (see writeBackupFile) into the backup folder — or
 * `outFile` for the CLI — records it in `backups`, then applies the retention rule to the
 * folder's automatic backups. One backup at a time per database: a second call while one runs
 * gets the same result. Rejects with BackupError; the last error is kept for `backup.status`.
 */
export function runBackup(
  db: Db,
  trigger: BackupsTable['trigger'],
  clock: Clock,
  outFile?: string,
): Promise<BackupRecord> {
  const current = running.get(db);
  if (current) return current;
  const job = takeBackup(db, trigger, clock, outFile)
    .then((record) => {
      lastErrors.delete(db);
      return record;
    })
    .catch((error: unknown) => {
      const message = error instanceof BackupError ? error.userMessage : 'Falha inesperada ao gravar o backup.';
      lastErrors.set(db, { at: clock.now().toISOString(), message });
      log.error('backup failed', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    })
    .finally(() => running.delete(db));
  running.set(db, job);
  return job;
}

/** Resolves when no backup of `db` is being written (whatever its outcome). */
export async function waitForBackup(db: Db): Promise<void> {
  await running.get(db)?.catch(() => undefined);
}

/** True while a backup of `db` is being written. */
export function backupRunning(db: Db): boolean {
  return running.has(db);
}

/** The last failure of an automatic or on-demand backup since the last success, if any. */
export function lastBackupError(db: Db): { at: string; message: string } | null {
  return lastErrors.get(db) ?? null;
}

/** The most recent backup records, newest first. */
export function listBackups(db: Db, limit = 50): BackupsTable[] {
  return db.raw.prepare('SELECT * FROM backups ORDER BY taken_at DESC LIMIT ?').all(limit) as BackupsTable[];
}

/** When the next automatic backup is due (ISO), from the last automatic or manual one. */
export function nextBackupDue(db: Db, settings = readBackupSettings(db)): string | null {
  if (!settings.enabled) return null;
  const last = db.raw.prepare('SELECT max(taken_at) FROM backups').pluck().get() as string | null;
  if (!last) return new Date(0).toISOString();
  return new Date(Date.parse(last) + settings.interval_hours * 3_600_000).toISOString();
}
