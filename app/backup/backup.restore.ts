import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { fsyncPath } from '../files/durable';
import { fileSystemProblem, isFileSystemError } from '../files/fs-errors';
import {
  BackupError,
  checksumFile,
  inspectDatabaseFile,
  publishUnique,
  removeDatabaseFiles,
  sha256File,
} from './backup.file';
import { reconcileSync, readLiveSyncState, type ReconcileSummary } from './backup.reconcile';

/** The steps of a restore, in order (tests kill the process at each one). */
export const RESTORE_STEPS = [
  'check',
  'copy',
  'inspect',
  'migrate',
  'reconcile',
  'keep_aside',
  'replace',
  'done',
] as const;
export type RestoreStep = (typeof RESTORE_STEPS)[number];

export interface RestoreResult {
  restored_from: string;
  sha256: string;
  /** Where the database that was replaced now lives (`…-antes-da-restauracao-DATA.sqlite3`), or null when there was none. */
  previous_kept_as: string | null;
  /** Migrations the backup had; newer ones were applied to it before it replaced the live file. */
  migrations: string[];
  sync: ReconcileSummary;
}

/** `balcao.sqlite3` → `balcao-antes-da-restauracao-2026-11-30T10-15-00Z.sqlite3` in the same folder. */
export function asideName(dbPath: string, now: Date): string {
  const ext = extname(dbPath) || '.sqlite3';
  const stem = basename(dbPath, extname(dbPath));
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  return join(dirname(dbPath), `${stem}-antes-da-restauracao-${stamp}${ext}`);
}

function inUse(): BackupError {
  return new BackupError(
    'database_in_use',
    'live database is open in another process',
    'O banco está aberto em outro programa (Balcão, navegador ou linha de comando); feche-o e tente de novo. Nada foi alterado.',
  );
}

/** Refuses a file whose `FILE.sha256` (written with the backup) does not match its bytes. */
function checkRecordedHash(fromFile: string): string {
  if (!existsSync(fromFile)) {
    throw new BackupError('backup_not_found', `no file ${fromFile}`, 'Arquivo de backup não encontrado.');
  }
  const sha256 = sha256File(fromFile);
  const sidecar = checksumFile(fromFile);
  if (existsSync(sidecar)) {
    const recorded = readFileSync(sidecar, 'utf8').trim().split(/\s+/)[0];
    if (recorded !== sha256) {
      throw new BackupError(
        'backup_corrupted',
        `sha256 ${sha256} differs from the recorded ${String(recorded)}`,
        'O arquivo de backup foi alterado depois de gravado (o SHA-256 não confere); nada foi alterado.',
      );
    }
  }
  return sha256;
}

/**
 * Keeps the live database aside through the online backup API (a consistent copy even if a
 * reader is open), after checkpointing it; refuses when another process has it open (its WAL
 * stays after our connection closes). Returns the aside path, or null when there is no live file.
 */
async function keepAside(dbPath: string, now: Date): Promise<string | null> {
  if (!existsSync(dbPath)) return null;
  const aside = asideName(dbPath, now);
  const partial = `${aside}.${randomBytes(4).toString('hex')}.parcial`;
  const live = new BetterSqlite3(dbPath, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    const [checkpoint] = live.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (checkpoint && checkpoint.busy !== 0) throw inUse();
    await live.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    removeDatabaseFiles(partial);
    throw error;
  } finally {
    live.close();
  }
  if (existsSync(`${dbPath}-wal`)) {
    removeDatabaseFiles(partial);
    throw inUse();
  }
  fsyncPath(partial);
  // Never over an earlier copy kept aside (two restores in the same second): `NAME-2.EXT`.
  const kept = publishUnique(partial, aside);
  fsyncPath(dirname(kept));
  return kept;
}

/** A refusal for a failure of the environment (disk full, no permission) while restoring. */
function restoreFailed(error: unknown, what: string): BackupError {
  const detail = error instanceof Error ? error.message : String(error);
  return new BackupError(
    'restore_failed',
    `${what}: ${detail}`,
    'Não foi possível gravar a restauração ao lado do banco (sem espaço em disco ou sem permissão na pasta); nada foi alterado.',
  );
}

/**
 * Runs a file step: a `node:fs` failure (the backup is a folder or unreadable, the disk is full)
 * is a refusal in pt-BR with `code`, never a fault.
 */
function asRefusal<T>(code: 'backup_unreadable' | 'restore_failed', path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    if (code === 'restore_failed') throw restoreFailed(error, `cannot write ${path}`);
    const problem = fileSystemProblem(error, path, 'o arquivo de backup', 'file');
    throw new BackupError(code, problem.message, `${problem.userMessage} Nada foi alterado.`);
  }
}

/** Opens (and so migrates) the staged copy: a backup the migrations cannot bring up is refused. */
async function openStaged(staging: string): ReturnType<typeof openDatabase> {
  try {
    return await openDatabase(staging);
  } catch (error) {
    throw new BackupError(
      'backup_migration_failed',
      `staged backup could not be migrated: ${error instanceof Error ? error.message : String(error)}`,
      'Este backup não pôde ser atualizado para a versão atual do Balcão (o arquivo tem dados ou estrutura inesperados); nada foi alterado.',
    );
  }
}

/**
 * Restores `fromFile` over the database at `dbPath` (which no connection of this process may
 * hold). The backup is never modified: it is copied to `dbPath.restauracao`, checked there
 * (SHA-256 against `FILE.sha256` when present, `integrity_check`, a Balcão database, migrations
 * known), brought to the current migrations, reconciled with the live file's sync state
 * (backup.reconcile.ts), the live database is kept aside as `…-antes-da-restauracao-DATA…`, and
 * only then the staged file is renamed over `dbPath` (atomic). A crash at any step leaves the
 * old database at `dbPath` (before the rename) or intact aside (after it). Throws BackupError
 * (`backup_not_found`, `backup_corrupted`, `not_balcao`, `unknown_migrations`, `database_in_use`,
 * `backup_unreadable` — a folder or an unreadable file —, `backup_migration_failed`, `restore_failed` — disk
 * full or no permission beside the database).
 */
export async function restoreDatabase(
  dbPath: string,
  fromFile: string,
  options: { now: Date; onStep?: (step: RestoreStep) => void | Promise<void> },
): Promise<RestoreResult> {
  const step = async (s: RestoreStep) => {
    await options.onStep?.(s);
  };
  await step('check');
  const sha256 = asRefusal('backup_unreadable', fromFile, () => checkRecordedHash(fromFile));
  const staging = `${dbPath}.restauracao`;
  removeDatabaseFiles(staging);
  try {
    await step('copy');
    asRefusal('restore_failed', staging, () => copyFileSync(fromFile, staging));
    await step('inspect');
    const inspection = inspectDatabaseFile(staging);
    await step('migrate');
    const staged = await openStaged(staging);
    let sync: ReconcileSummary;
    try {
      await step('reconcile');
      sync = reconcileSync(staged.raw, existsSync(dbPath) ? readLiveSyncState(dbPath) : null);
      if (staged.raw.pragma('integrity_check', { simple: true }) !== 'ok') {
        throw new BackupError('backup_corrupted', 'staged copy failed integrity_check', 'O backup está corrompido.');
      }
      staged.raw.pragma('journal_mode = DELETE');
    } finally {
      staged.close();
    }
    fsyncPath(staging);
    await step('keep_aside');
    const aside = await keepAside(dbPath, options.now).catch((error: unknown) => {
      throw error instanceof BackupError ? error : restoreFailed(error, 'the live database could not be kept aside');
    });
    await step('replace');
    rmSync(`${dbPath}-shm`, { force: true });
    renameSync(staging, dbPath);
    fsyncPath(dirname(dbPath));
    await step('done');
    return { restored_from: fromFile, sha256, previous_kept_as: aside, migrations: inspection.migrations, sync };
  } catch (error) {
    removeDatabaseFiles(staging);
    throw error;
  }
}
