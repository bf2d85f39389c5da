import type { Compilable, Kysely } from 'kysely';
import { toParams, type Db } from './db';
import type { Database } from './schema';
import { refCached, type CachedTable } from './ref-cache';

/** Placeholders for text parameters of a query built once (`P[0]`, `P[1]`, …). */
export const P = ['\u0000param-0\u0000', '\u0000param-1\u0000', '\u0000param-2\u0000', '\u0000param-3\u0000'] as const;
const MARKERS: readonly string[] = P;

let queryIds = 0;

/**
 * A kysely query built and compiled once per database, then run with new parameter values:
 * for lookups on the hot path of a sale, where building and compiling the query every time
 * costs more than executing it. With `cachedFrom` (the tables the query reads, all of them),
 * `first` is kept in the connection's reference cache (ref-cache.ts) until one of them is
 * written or another connection commits; its row is then frozen (callers must not change it).
 */
export function defineQuery<R>(
  build: (q: Kysely<Database>) => Compilable<R>,
  options: { cachedFrom?: readonly CachedTable[] } = {},
) {
  const tables = options.cachedFrom;
  const id = `q${++queryIds}:`;
  const cache = new WeakMap<Db, { sql: string; bind: (args: readonly string[]) => unknown[] }>();
  function compiled(db: Db) {
    let entry = cache.get(db);
    if (!entry) {
      const { sql, parameters } = build(db.q).compile();
      const constants = toParams(parameters);
      const positions = parameters.map((p) => (typeof p === 'string' ? MARKERS.indexOf(p) : -1));
      entry = {
        sql,
        bind: (args) => {
          // Pushed, not mapped: a PACKED array in every V8 tier (see toParams in db.ts).
          const values: unknown[] = [];
          for (let i = 0; i < positions.length; i++) {
            const pos = positions[i] ?? -1;
            values.push(pos >= 0 ? args[pos] : constants[i]);
          }
          return values;
        },
      };
      cache.set(db, entry);
    }
    return entry;
  }
  return {
    first(db: Db, ...args: string[]): R | undefined {
      const { sql, bind } = compiled(db);
      if (!tables) return db.statement(sql).get(...bind(args)) as R | undefined;
      const key = args.length === 1 ? id + args[0] : id + args.join('\u0000');
      return refCached(db, tables, key, () => db.statement(sql).get(...bind(args)) as R | undefined);
    },
    all(db: Db, ...args: string[]): R[] {
      const { sql, bind } = compiled(db);
      return db.statement(sql).all(...bind(args)) as R[];
    },
  };
}
