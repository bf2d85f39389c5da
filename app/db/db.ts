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

  /** Runs fn in one transaction; nested calls become savepoints. A throw rolls back. */
  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn)();
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }
}

function compile<R>(query: Query<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query;
}

export function toParams(parameters: readonly unknown[]): Param[] {
  return parameters.map((p) => {
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (p === undefined) return null;
    return p as Param;
  });
}
