import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from './db/open';
import type { Db } from './db/db';
import { createDispatcher } from './contract/dispatch';
import { operations } from './contract/operations';
import type { Clock, Session } from './contract/context';
import { AppError, type OpError } from './contract/errors';
import { log } from './log';
import { prepareDataFolder, restrictDatabaseFiles } from './paths';
import { fsyncPath } from './files/durable';
import { sweepLeftovers } from './backup/backup.leftovers';
import { backupFolder } from './backup/backup.service';

type Dispatcher = ReturnType<typeof createDispatcher<typeof operations>>;

/**
 * Something the process runs on the open database (the push loop, the backup scheduler, the
 * analytics worker, a transport's sessions): stopped before the database closes for a restore
 * and started again on the reopened one. `replaced` is false when the restore was refused and
 * the same file was reopened.
 */
export interface BalcaoService {
  suspend(): Promise<void> | void;
  resume(outcome: { replaced: boolean }): void;
}

export interface Balcao {
  /** The open database (a new object after a restore: read it through `app.db` each time). */
  readonly db: Db;
  /** Dispatches on the open database; while it is being replaced answers `restore_in_progress`. */
  dispatch: Dispatcher;
  /** The dispatcher's clock (tests inject one; transports stamp sessions with it). */
  clock: Clock;
  /** The database file's path. */
  readonly path: string;
  /** Null while the database is open; the retryable refusal while it is being replaced. */
  unavailable(): OpError | null;
  /** Registers a service to suspend around a reopen; returns a function that unregisters it. */
  attach(service: BalcaoService): () => void;
  /**
   * Suspends the services, closes the database, runs `work` on the file (a restore), reopens the
   * file — whether `work` succeeded or threw — and resumes the services. Operations arriving
   * meanwhile get `restore_in_progress`. A second reopen while one runs is refused the same way.
   * When the file `work` left cannot be opened, the copy `keptCopy(result)` names (the database
   * as it was before) is put back and opened, and the reopen throws AppError
   * `restore_reopen_failed`; when nothing can be opened, every operation answers
   * `database_unavailable` (never a `restore_in_progress` that never ends).
   */
  reopen<T>(work: (path: string) => Promise<T>, options?: { keptCopy?: (result: T) => string | null }): Promise<T>;
  close(): void;
}

/** The retryable answer while the database is closed for a restore (never internal_error). */
export const RESTORE_IN_PROGRESS: OpError = {
  code: 'restore_in_progress',
  message: 'Um backup está sendo restaurado. Aguarde alguns segundos e tente de novo.',
  details: { retryable: true },
};

const systemClock: Clock = { now: () => new Date() };

/**
 * Opens the headless core on one database file: what every transport starts from. The data
 * folder is created 0700 and the database, WAL and SHM files are made 0600 (also when an older
 * version left them wider), so other local users cannot copy the store's data.
 */
export async function openBalcao(path: string, options: { clock?: Clock } = {}): Promise<Balcao> {
  const clock = options.clock ?? systemClock;
  const open = async () => {
    prepareDataFolder(path);
    const db = await openDatabase(path);
    restrictDatabaseFiles(path);
    sweepOnOpen(db, path);
    return { db, dispatch: createDispatcher(operations, { db, clock }) };
  };
  let current: Awaited<ReturnType<typeof open>> | null = await open();
  let reopening = false;
  /** Set when a reopen could open no file at all: answered instead of restore_in_progress. */
  let broken: OpError | null = null;
  const services = new Set<BalcaoService>();
  const dispatch = ((name: string, input: unknown, session: Session) =>
    current && !reopening
      ? current.dispatch(name, input, session)
      : { ok: false, error: broken ?? RESTORE_IN_PROGRESS }) as Dispatcher;
  const app: Balcao = {
    get db() {
      if (!current) throw new DatabaseReopeningError();
      return current.db;
    },
    dispatch,
    clock,
    path,
    unavailable: () => (current && !reopening ? null : (broken ?? RESTORE_IN_PROGRESS)),
    attach: (service) => {
      services.add(service);
      return () => services.delete(service);
    },
    reopen: async (work, options = {}) => {
      if (reopening || !current) throw new DatabaseReopeningError();
      reopening = true;
      const outcome = { replaced: false };
      /** Opens the file; failing that, puts `kept` back over it and opens that (see reopen). */
      const reopenFile = async (kept: string | null) => {
        const reopened = await reopenOrPutBack(open, path, kept);
        current = reopened.opened;
        broken = reopened.broken;
        if (reopened.putBack) outcome.replaced = false;
        if (reopened.error) throw reopened.error;
      };
      try {
        for (const s of services) await s.suspend();
        current.db.close();
        current = null;
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(path);
        } catch (error) {
          await reopenFile(null);
          throw error;
        }
        outcome.replaced = true;
        await reopenFile(options.keptCopy?.(result) ?? null);
        return result;
      } finally {
        reopening = false;
        if (current) for (const s of services) s.resume(outcome);
      }
    },
    close: () => current?.db.close(),
  };
  return app;
}

/**
 * Opens `path` again after a restore. When it does not open and `kept` (the database as it was
 * before) is given, puts that back over it and opens it: `opened` is then that database,
 * `putBack` true and `error` AppError `restore_reopen_failed`. When nothing opens, `opened` is
 * null, `broken` the `database_unavailable` answer and `error` the same as AppError.
 */
async function reopenOrPutBack<T>(
  open: () => Promise<T>,
  path: string,
  kept: string | null,
): Promise<{ opened: T | null; putBack: boolean; broken: OpError | null; error: AppError | null }> {
  try {
    return { opened: await open(), putBack: false, broken: null, error: null };
  } catch (error) {
    log.error('database reopen failed', { path, error: errorText(error), kept });
  }
  if (kept) {
    try {
      putBack(kept, path);
      const opened = await open();
      const error = new AppError(
        'restore_reopen_failed',
        `the restored database did not open; ${kept} was put back`,
        'O backup restaurado não pôde ser aberto; o banco de antes da restauração foi reaberto e nada foi alterado.',
      );
      return { opened, putBack: true, broken: null, error };
    } catch (error) {
      log.error('kept database could not be reopened', { path, kept, error: errorText(error) });
    }
  }
  const broken = databaseUnavailable(kept);
  const error = new AppError('database_unavailable', 'no database could be reopened', broken.message, broken.details);
  return { opened: null, putBack: false, broken, error };
}

/** The answer once a reopen could open neither the restored file nor the kept copy. */
function databaseUnavailable(kept: string | null): OpError {
  return {
    code: 'database_unavailable',
    message: kept
      ? `O banco de dados não pôde ser reaberto. Feche e abra o Balcão de novo; a cópia de antes da restauração está em ${kept}.`
      : 'O banco de dados não pôde ser reaberto. Feche e abra o Balcão de novo.',
    details: { retryable: false, ...(kept ? { kept_copy: kept } : {}) },
  };
}

/**
 * Replaces the file at `path` (and its WAL/SHM) by a copy of `kept`, atomically by rename: the
 * copy is flushed before the rename and the folder after, so a power cut leaves either the old
 * file or the whole copy.
 */
function putBack(kept: string, path: string): void {
  const incoming = `${path}.devolvendo`;
  copyFileSync(kept, incoming);
  fsyncPath(incoming);
  for (const f of [`${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true });
  renameSync(incoming, path);
  fsyncPath(dirname(path));
}

/**
 * Removes what a killed backup or restore left (old `DB.envio-*` uploads, `*.parcial` copies)
 * beside the database and in the backup folder; see `sweepLeftovers`. Never fails the open.
 */
function sweepOnOpen(db: Db, path: string): void {
  let folders: string[] = [];
  try {
    folders = [backupFolder(db)];
  } catch (error) {
    log.warn('backup folder unknown while sweeping leftovers', { path, error: errorText(error) });
  }
  sweepLeftovers(path, folders);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Thrown when the database is read while a restore has it closed (transports answer RESTORE_IN_PROGRESS). */
export class DatabaseReopeningError extends Error {
  constructor() {
    super('the database is closed for a restore');
  }
}
