import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { deviceMigrations } from '../../migrations/device';
import { fsyncPath } from '../files/durable';

/** A backup or restore refused: `code` for programs, `userMessage` in pt-BR, `message` in English. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: string,
    message: string,
    readonly userMessage: string,
  ) {
    super(message);
  }
}

/** Tables only a Balcão device database has. */
const BALCAO_TABLES = ['kysely_migration', 'stores', 'sales', 'sync_outbox', 'audit_chain'];

/** What a checked database file is. */
export interface Inspection {
  /** Migrations applied in the file, in order (a prefix of the known list). */
  migrations: string[];
}

/** SHA-256 (hex) of a file, read in 1 MB chunks. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Removes a database file with its journal, WAL and SHM leftovers. */
export function removeDatabaseFiles(path: string): void {
  for (const f of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
}

function refusal(code: 'backup_corrupted' | 'not_balcao' | 'unknown_migrations', detail: string): BackupError {
  const messages = {
    backup_corrupted: 'O arquivo de backup está corrompido ou não é um banco de dados; nada foi alterado.',
    not_balcao: 'Este arquivo não é um backup do Balcão; nada foi alterado.',
    unknown_migrations: 'Este backup foi gravado por outra versão do Balcão; nada foi alterado.',
  } as const;
  return new BackupError(code, `backup file refused (${code}): ${detail}`, messages[code]);
}

/**
 * Checks a database file: `PRAGMA integrity_check` is `ok`, it has Balcão's tables, and its
 * applied migrations are a prefix of the ones this version knows. With `rollbackJournal` the
 * file is switched to journal_mode=DELETE, so it stands alone (no WAL beside it). Throws
 * BackupError `backup_corrupted` / `not_balcao` / `unknown_migrations`.
 */
export function inspectDatabaseFile(path: string, options: { rollbackJournal?: boolean } = {}): Inspection {
  if (!existsSync(path) || statSync(path).size === 0) throw refusal('backup_corrupted', 'missing or empty file');
  let raw: BetterSqlite3.Database | undefined;
  try {
    raw = new BetterSqlite3(path, { fileMustExist: true });
    const integrity = raw.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') throw refusal('backup_corrupted', `integrity_check: ${integrity}`);
    const tables = new Set(
      (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    const missing = BALCAO_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) throw refusal('not_balcao', `missing tables ${missing.join(', ')}`);
    const applied = (raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
    const known = Object.keys(deviceMigrations).sort();
    if (applied.some((name, i) => known[i] !== name)) {
      throw refusal('unknown_migrations', `applied [${applied.join(', ')}]`);
    }
    if (options.rollbackJournal) raw.pragma('journal_mode = DELETE');
    return { migrations: applied };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw refusal('backup_corrupted', error instanceof Error ? error.message : String(error));
  } finally {
    raw?.close();
  }
}

/** `NAME.EXT` → `NAME-n.EXT` (n ≥ 2); the name itself for n = 1. */
export function numberedName(file: string, n: number): string {
  if (n <= 1) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}-${n}${ext}`;
}

/**
 * Gives the finished `partial` its final name without ever replacing a file: hard-links it as
 * `outFile` (or the first free `NAME-n.EXT`; `link` fails on an existing name, atomically) and
 * removes the partial name. With `sidecar`, `FILE.sha256` is written (exclusively, `wx`) for the
 * candidate name BEFORE the link and removed when the name turns out taken, so a backup never
 * appears under its final name without its checksum (a kill in between leaves at most a sidecar
 * with no backup, never the reverse). Where hard links are refused (some shares), the name is
 * claimed first with an exclusive create (`open(candidate, 'wx')`, atomic) and the partial is
 * renamed over that empty placeholder, which this call owns: another file is never replaced.
 * Returns the final path.
 */
export function publishUnique(partial: string, outFile: string, sidecar?: (file: string) => string): string {
  for (let n = 1; n < 1000; n++) {
    const candidate = numberedName(outFile, n);
    if (sidecar && !claim(checksumFile(candidate), sidecar(candidate))) continue;
    const unclaim = () => {
      if (sidecar) rmSync(checksumFile(candidate), { force: true });
    };
    try {
      linkSync(partial, candidate);
      rmSync(partial, { force: true });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        unclaim();
        continue;
      }
    }
    let placeholder = false;
    try {
      placeholder = claim(candidate, '');
      if (!placeholder) {
        unclaim();
        continue;
      }
      renameSync(partial, candidate);
      return candidate;
    } catch (error) {
      if (placeholder) rmSync(candidate, { force: true });
      unclaim();
      throw error;
    }
  }
  throw new Error(`no free backup name beside ${outFile}`);
}

/** Creates `file` with `text` only if no file has that name (`wx`); false when one has. */
function claim(file: string, text: string): boolean {
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** What one written backup is. */
export interface WrittenBackup {
  file: string;
  bytes: number;
  sha256: string;
  integrity: 'ok';
  migrations: string[];
}

/** `FILE.sha256` beside a backup, in `sha256sum` format. */
export function checksumFile(file: string): string {
  return `${file}.sha256`;
}

/**
 * Writes a consistent copy of an open database to `outFile` while the app keeps running, with
 * SQLite's online backup API (better-sqlite3 `backup()`, all pages in one step so writers in
 * other processes cannot make it restart forever). The copy goes to `outFile.<random>.parcial`, is
 * switched to a rollback journal, checked (`inspectDatabaseFile`), flushed, hashed, and only
 * then linked under its final name (atomic, never replacing a file): a crash at any moment leaves
 * no half-written file under the final name and never touches the live database. The final name
 * is `outFile`, or `NAME-2.EXT`, `NAME-3.EXT`… when a file already has it (two backups in the
 * same second, or a CLI `--out` that exists): a backup never overwrites another, so a recorded
 * SHA-256 and size always describe the file on disk. `FILE.sha256` records the hash; the
 * returned `file` is the name actually written.
 */
export async function writeBackupFile(source: BetterSqlite3.Database, outFile: string): Promise<WrittenBackup> {
  const partial = `${outFile}.${randomBytes(4).toString('hex')}.parcial`;
  try {
    await source.backup(partial, { progress: () => 0x7fffffff });
    const inspection = inspectDatabaseFile(partial, { rollbackJournal: true });
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    fsyncPath(partial);
    const sha256 = sha256File(partial);
    const bytes = statSync(partial).size;
    const file = publishUnique(partial, outFile, (name) => `${sha256}  ${basename(name)}\n`);
    fsyncPath(dirname(file));
    return { file, bytes, sha256, integrity: 'ok', migrations: inspection.migrations };
  } catch (error) {
    removeDatabaseFiles(partial);
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'backup_failed',
      `backup to ${outFile} failed: ${error instanceof Error ? error.message : String(error)}`,
      'Não foi possível gravar o backup (pasta sem permissão ou disco cheio?).',
    );
  }
}
