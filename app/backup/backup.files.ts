import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../contract/errors';
import { log } from '../log';
import { guardFs, regularFile } from '../files/fs-errors';
import type { Db } from '../db/db';
import { checksumFile, removeDatabaseFiles } from './backup.file';
import { sweepLeftovers } from './backup.leftovers';
import { backupTakenAt } from './backup.retention';
import { backupFolder, databasePath } from './backup.service';

/** One backup file of the backup folder, as Configurações → Backup lists it. */
export interface BackupFileView {
  /** The file name inside the backup folder (what `backup.restore` takes). */
  name: string;
  /** When it was taken (ISO): the record, else the automatic name's stamp, else the file's mtime. */
  taken_at: string;
  bytes: number;
  /** True when `FILE.sha256` is beside it: written only after the copy passed `integrity_check`. */
  verified: boolean;
  /** The recorded SHA-256 (hex), or null when there is no `FILE.sha256`. */
  sha256: string | null;
  /** automatico | manual | cli when this database recorded it; null for a file put there by hand. */
  trigger: string | null;
}

const DATABASE_FILE = /\.(sqlite3|sqlite|db)$/i;

/**
 * The database files in the backup folder, newest first (at most `limit`): the scheduler's and
 * "fazer backup agora"'s, and any backup copied there by hand (also one a restore brought back
 * from an older copy of the `backups` table). Nothing is hashed here; `verified` says the file
 * has its checksum sidecar.
 */
export function listBackupFiles(db: Db, limit = 100): BackupFileView[] {
  const folder = backupFolder(db);
  if (!existsSync(folder)) return [];
  const records = new Map(
    (db.raw.prepare('SELECT file, taken_at, trigger FROM backups').all() as Record<string, string>[]).map((r) => [
      r.file,
      r,
    ]),
  );
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    // An unreadable folder (permissions) must not take the Backup screen down with it: the list
    // is empty and the folder can still be changed there.
    log.warn('backup folder unreadable', { folder, error: error instanceof Error ? error.message : String(error) });
    return [];
  }
  const views: BackupFileView[] = [];
  for (const name of names) {
    if (!DATABASE_FILE.test(name)) continue;
    const file = join(folder, name);
    const info = statSync(file, { throwIfNoEntry: false });
    // Empty: the name a backup claimed without hard links and was killed before filling
    // (`publishUnique`; swept at open once 10 minutes old). Never offered as a backup.
    if (!info?.isFile() || info.size === 0) continue;
    const sha256 = recordedSha256(file);
    const record = records.get(file);
    views.push({
      name,
      taken_at: record?.taken_at ?? (backupTakenAt(name) ?? info.mtime).toISOString(),
      bytes: info.size,
      verified: sha256 !== null,
      sha256,
      trigger: record?.trigger ?? null,
    });
  }
  return views.sort((a, b) => b.taken_at.localeCompare(a.taken_at)).slice(0, limit);
}

/** The SHA-256 of `FILE.sha256`; null when missing or unreadable (the file is then not `verified`). */
function recordedSha256(file: string): string | null {
  const sidecar = checksumFile(file);
  try {
    return existsSync(sidecar) ? (readFileSync(sidecar, 'utf8').trim().split(/\s+/)[0] ?? null) : null;
  } catch (error) {
    log.warn('backup checksum unreadable', { sidecar, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** What the `backup.restore*` handlers hand to the transport: the file to restore. */
export interface RestorePlan {
  file: string;
  name: string;
  /** True for an uploaded file, written beside the database and removed after the restore. */
  uploaded: boolean;
}

/** The backup `name` of the backup folder (a bare file name; another folder is refused). */
export function planRestore(db: Db, name: string): RestorePlan {
  const file = join(backupFolder(db), name);
  if (basename(name) !== name || !DATABASE_FILE.test(name) || !regularFile(file, 'o arquivo de backup')) {
    throw new AppError('backup_not_found', `no backup ${name}`, 'Backup não encontrado na pasta de backups.');
  }
  if (statSync(file).size === 0) {
    throw new AppError(
      'backup_corrupted',
      `backup ${name} is empty (a backup killed before its copy was in place)`,
      'Este arquivo de backup está vazio: a gravação foi interrompida antes de terminar. Escolha outro backup.',
    );
  }
  return { file, name, uploaded: false };
}

/**
 * Writes an uploaded backup (base64) beside the database as `DB.envio-<random>` to be restored
 * from (a name of its own per upload, so two uploads at once never write or remove each other's
 * file; `runLiveOp` removes it after). A full disk or a folder refusing writes is
 * `file_unavailable`, with nothing left behind.
 */
export function planUploadedRestore(db: Db, name: string, contentBase64: string): RestorePlan {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) {
    throw new AppError('backup_corrupted', 'empty upload', 'O arquivo enviado está vazio ou não é um backup.');
  }
  // An upload a killed process left (a full copy of the store's data) goes before a new one lands.
  sweepLeftovers(databasePath(db), [backupFolder(db)]);
  const file = `${databasePath(db)}.envio-${randomBytes(6).toString('hex')}`;
  try {
    guardFs(file, 'o arquivo enviado (gravado ao lado do banco)', 'file', () =>
      writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' }),
    );
  } catch (error) {
    removeDatabaseFiles(file);
    throw error;
  }
  return { file, name, uploaded: true };
}
