import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { log } from '../log';
import { checksumFile, removeDatabaseFiles } from './backup.file';

/**
 * How old (ms) a temporary backup/restore file must be before `sweepLeftovers` removes it: an
 * upload restore or a backup still running writes its file within seconds, so one untouched for
 * this long belongs to a process that was killed.
 */
export const LEFTOVER_AGE_MS = 10 * 60 * 1000;

/** A database file name in the backup folder (what the backup list offers). */
const PLACEHOLDER = /\.(sqlite3|sqlite|db)$/i;

/**
 * Removes `file` and its checksum sidecar when it is an empty placeholder at least `maxAgeMs`
 * old; returns the path removed, else null. Errors are logged, never thrown.
 */
function sweepPlaceholder(file: string, now: Date, maxAgeMs: number): string | null {
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile() || info.size !== 0 || now.getTime() - info.mtimeMs < maxAgeMs) return null;
    rmSync(file, { force: true });
    rmSync(checksumFile(file), { force: true });
    return file;
  } catch (error) {
    log.warn('backup placeholder not removed', { file, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/**
 * Removes what a killed backup or restore left behind: `DB.envio-<random>` (an uploaded backup,
 * a full copy of the store's personal data) beside the database `dbPath`, and `*.parcial`
 * (a backup or a copy kept aside, not yet under its final name) in the database's folder and in
 * each of `folders` (the backup folder), and in `folders` the empty placeholder a backup
 * published without hard links claims its name with (`publishUnique`) when it was killed before
 * renaming the copy over it — with its `FILE.sha256`, which describes a copy that never got
 * there (a finished backup is never empty: the rename replaces the placeholder whole). Only
 * files whose mtime is at least `maxAgeMs` before
 * `now` go, so an upload or backup in progress in another process keeps its file. Failures are
 * logged, never thrown (opening the database must not fail over a leftover). Returns the paths
 * removed.
 */
export function sweepLeftovers(
  dbPath: string,
  folders: string[],
  now: Date = new Date(),
  maxAgeMs: number = LEFTOVER_AGE_MS,
): string[] {
  const uploadPrefix = `${basename(dbPath)}.envio-`;
  const dbFolder = dirname(resolve(dbPath));
  const removed: string[] = [];
  const backupFolders = new Set(folders.map((f) => resolve(f)));
  for (const folder of new Set([dbFolder, ...backupFolders])) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue; // No backup folder yet, or unreadable: nothing to sweep there.
    }
    const backupFolder = backupFolders.has(folder);
    for (const name of names) {
      if (backupFolder && PLACEHOLDER.test(name)) {
        const placeholder = sweepPlaceholder(join(folder, name), now, maxAgeMs);
        if (placeholder) removed.push(placeholder);
        continue;
      }
      const upload = folder === dbFolder && name.startsWith(uploadPrefix) && !/-(wal|shm|journal)$/.test(name);
      if (!upload && !name.endsWith('.parcial')) continue;
      const file = join(folder, name);
      try {
        const info = statSync(file, { throwIfNoEntry: false });
        if (!info?.isFile() || now.getTime() - info.mtimeMs < maxAgeMs) continue;
        removeDatabaseFiles(file);
        removed.push(file);
      } catch (error) {
        log.warn('leftover not removed', { file, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (removed.length > 0) log.info('removed leftovers of an interrupted backup or restore', { removed });
  return removed;
}
