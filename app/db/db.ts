import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable, type CompiledQuery } from 'kysely';
import type { Database } from './schema';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;
type Query<R> = Compilable<R> | CompiledQuery<R>;
type Param = string | number | bigint | Buffer | null;

/**
 * The device database. Queries are built with kysely and executed synchronously on
 * better-sqlite3 through a prepared-statement cache: kysely's own driver re-prepares every
 * statement, which costs more than the write itself on the hot path of a sale.
 */
export class Db {
  readonly raw: BetterSqlite3.Database;
  /** Query builder, and an async executor for the migrator. */
  readonly q: Kysely<Database>;
  private readonly cache = new Map<string, Statement>();

  constructor(raw: BetterSqlite3.Database) {
    this.raw = raw;
    this.q = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    this.runner = raw.transaction((fn: () => unknown): unknown => {
      if (this.depth === 0) this.serial++;
      this.depth++;
      try {
        return fn();
      } catch (error) {
        // better-sqlite3 rolls this level back (the transaction, or its savepoint).
        this.rollbacks++;
        throw error;
      } finally {
        this.depth--;
      }
    });
  }

  statement(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.raw.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Query<R>): R[] {
    const { sql, parameters } = compile(query);
    return this.statement(sql).all(...toParams(parameters)) as R[];
  }

  first<R>(query: Query<R>): R | undefined {
    const { sql, parameters } = compile(query);
    return this.statement(sql).get(...toParams(parameters)) as R | undefined;
  }

  run(query: Query<unknown>): BetterSqlite3.RunResult {
    const { sql, parameters } = compile(query);
    return this.statement(sql).run(...toParams(parameters));
  }

  /**
   * Runs fn in one write transaction; nested calls become savepoints. A throw rolls back.
   * The outermost one begins IMMEDIATE: it takes the write lock first, waiting up to
   * busy_timeout for another process (a deferred one would read, then fail to upgrade with
   * SQLITE_BUSY at once, without waiting). A lock still held past the timeout throws
   * `DatabaseBusyError`.
   */
  transaction<T>(fn: () => T): T {
    const run = this.runner as BetterSqlite3.Transaction<(fn: () => T) => T>;
    if (this.raw.inTransaction) {
      if (this.depth === 0) return this.insideForeign(fn);
      return this.unguardedDepth === this.depth ? this.runUnguarded(fn) : run(fn);
    }
    try {
      return run.immediate(fn);
    } catch (error) {
      throw isBusy(error) ? new DatabaseBusyError(error) : error;
    }
  }

  /**
   * better-sqlite3's transaction wrapper, made once: it takes the function to run as its
   * argument (BEGIN/COMMIT, or SAVEPOINT/RELEASE when already in a transaction, as before).
   * Wrapping each call's function anew built four closures and their properties per operation.
   */
  private readonly runner: BetterSqlite3.Transaction<(fn: () => unknown) => unknown>;

  /**
   * Runs fn (as a savepoint, or bare under `withoutSavepoints`) inside a transaction Db did not
   * open (raw BEGIN, `raw.transaction()`, kysely's `transaction()`): `transactionSerial` stays 0
   * meanwhile, since that transaction began before this level and may still roll back what was
   * written in it before (the reference cache keeps its marks of such writes while it is 0).
   */
  private insideForeign<T>(fn: () => T): T {
    this.foreign = true;
    try {
      if (this.unguardedDepth === 0) return this.runUnguarded(fn);
      return (this.runner as BetterSqlite3.Transaction<(fn: () => T) => T>)(fn);
    } finally {
      this.foreign = false;
    }
  }

  /** Transaction nesting level (0 outside); `unguardedDepth` marks the level whose children run bare. */
  private depth = 0;
  /** The outermost `Db.transaction` level runs inside a transaction Db did not open. */
  private foreign = false;
  private unguardedDepth = -1;
  private serial = 0;
  private rollbacks = 0;

  /**
   * A number naming the transaction `Db.transaction` has open (a new one each time an outermost
   * one begins), 0 outside and inside a transaction Db did not open: what the reference cache
   * (ref-cache.ts) checks freshness once per, and keeps its marks of writes for.
   */
  get transactionSerial(): number {
    return this.depth > 0 && !this.foreign ? this.serial : 0;
  }

  /**
   * How many `Db.transaction` levels (a transaction or a savepoint) have been rolled back by a
   * throw since the database opened: unchanged across a handler means every row it wrote is
   * still there (the dispatcher's audit check).
   */
  get rollbackCount(): number {
    return this.rollbacks;
  }

  /**
   * Runs fn inside the open transaction with the transactions it opens directly (one level down:
   * the dispatcher's, one per line of an imported batch) not wrapped in savepoints, so a failing
   * one leaves its partial writes in place: the caller must notice (`total_changes()` moved on a
   * failed line) and roll the whole transaction back. Deeper transactions keep their savepoints.
   * A SAVEPOINT per line cost a tenth of an imported sale (issue 9 item 14).
   */
  withoutSavepoints<T>(fn: () => T): T {
    if (!this.raw.inTransaction) throw new Error('withoutSavepoints: no open transaction');
    const previous = this.unguardedDepth;
    this.unguardedDepth = this.depth;
    try {
      return fn();
    } finally {
      this.unguardedDepth = previous;
    }
  }

  private runUnguarded<T>(fn: () => T): T {
    const previous = this.unguardedDepth;
    this.unguardedDepth = -1;
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      this.unguardedDepth = previous;
    }
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }
}

/** Another process held the write lock past busy_timeout: retryable, nothing was written. */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
  constructor(cause: unknown) {
    super(`database is busy: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** SQLITE_BUSY (and its extended codes) or SQLITE_LOCKED from better-sqlite3. */
export function isBusy(error: unknown): boolean {
  if (error instanceof DatabaseBusyError) return true;
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function compile<R>(query: Query<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

/**
 * Query parameters as better-sqlite3 binds them (booleans 1/0, undefined NULL). Pushed, not
 * mapped: TurboFan's inlined `map` returns HOLEY arrays (Node 20), which deoptimized callers
 * optimized on the builtin's PACKED ones (issue 9 item 14).
 */
export function toParams(parameters: readonly unknown[]): Param[] {
  const out: Param[] = [];
  for (const p of parameters) {
    if (typeof p === 'boolean') out.push(p ? 1 : 0);
    else if (p === undefined) out.push(null);
    else out.push(p as Param);
  }
  return out;
}
