import { openDatabase } from './db/open';
import type { Db } from './db/db';
import { createDispatcher } from './contract/dispatch';
import { operations } from './contract/operations';
import type { Clock, Session } from './contract/context';
import type { OpError } from './contract/errors';
import { prepareDataFolder, restrictDatabaseFiles } from './paths';

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
   */
  reopen<T>(work: (path: string) => Promise<T>): Promise<T>;
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
    return { db, dispatch: createDispatcher(operations, { db, clock }) };
  };
  let current: Awaited<ReturnType<typeof open>> | null = await open();
  let reopening = false;
  const services = new Set<BalcaoService>();
  const dispatch = ((name: string, input: unknown, session: Session) =>
    current && !reopening
      ? current.dispatch(name, input, session)
      : { ok: false, error: RESTORE_IN_PROGRESS }) as Dispatcher;
  const app: Balcao = {
    get db() {
      if (!current) throw new DatabaseReopeningError();
      return current.db;
    },
    dispatch,
    clock,
    path,
    unavailable: () => (current && !reopening ? null : RESTORE_IN_PROGRESS),
    attach: (service) => {
      services.add(service);
      return () => services.delete(service);
    },
    reopen: async (work) => {
      if (reopening || !current) throw new DatabaseReopeningError();
      reopening = true;
      let replaced = false;
      try {
        for (const s of services) await s.suspend();
        current.db.close();
        current = null;
        const result = await work(path);
        replaced = true;
        return result;
      } finally {
        try {
          current ??= await open();
        } finally {
          reopening = false;
          for (const s of services) s.resume({ replaced });
        }
      }
    },
    close: () => current?.db.close(),
  };
  return app;
}

/** Thrown when the database is read while a restore has it closed (transports answer RESTORE_IN_PROGRESS). */
export class DatabaseReopeningError extends Error {
  constructor() {
    super('the database is closed for a restore');
  }
}
