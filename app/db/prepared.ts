import type { Compilable, Kysely } from 'kysely';
import { toParams, type Db } from './db';
import type { Database } from './schema';

/** Placeholders for text parameters of a query built once (`P[0]`, `P[1]`, …). */
export const P = ['\u0000param-0\u0000', '\u0000param-1\u0000', '\u0000param-2\u0000', '\u0000param-3\u0000'] as const;
const MARKERS: readonly string[] = P;

/**
 * A kysely query built and compiled once per database, then run with new parameter values:
 * for lookups on the hot path of a sale, where building and compiling the query every time
 * costs more than executing it.
 */
export function defineQuery<R>(build: (q: Kysely<Database>) => Compilable<R>) {
  const cache = new WeakMap<Db, { sql: string; bind: (args: readonly string[]) => unknown[] }>();
  function compiled(db: Db) {
    let entry = cache.get(db);
    if (!entry) {
      const { sql, parameters } = build(db.q).compile();
      const constants = toParams(parameters);
      const positions = parameters.map((p) => (typeof p === 'string' ? MARKERS.indexOf(p) : -1));
      entry = { sql, bind: (args) => positions.map((pos, i) => (pos >= 0 ? args[pos] : constants[i])) };
      cache.set(db, entry);
    }
    return entry;
  }
  return {
    first(db: Db, ...args: string[]): R | undefined {
      const { sql, bind } = compiled(db);
      return db.statement(sql).get(...bind(args)) as R | undefined;
    },
    all(db: Db, ...args: string[]): R[] {
      const { sql, bind } = compiled(db);
      return db.statement(sql).all(...bind(args)) as R[];
    },
  };
}
