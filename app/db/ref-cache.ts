import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './db';

/**
 * Tables whose rows the reference cache may keep. Every one of them gets three TEMP triggers
 * on the connection (`installRefCache`), so a write to it on this connection — through any
 * path: insertRow/updateRow, putSetting, a raw statement, a trigger, the sync pull — forgets
 * what the cache holds from it.
 */
export const CACHED_TABLES = [
  'users',
  'settings',
  'stores',
  'registers',
  'cash_sessions',
  'cash_closings',
  'salespeople',
  'payment_fee_rules',
  'commission_rules',
  'variants',
  'products',
] as const;
export type CachedTable = (typeof CACHED_TABLES)[number];

/** Past this many entries the cache starts over (a catalog of 100,000 SKUs sold one by one). */
const MAX_ENTRIES = 20_000;
const TOUCH_FUNCTION = 'balcao_ref_touch';
const TRIGGER_PREFIX = 'balcao_ref_';
const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;
const TRIGGERS_SQL = CACHED_TABLES.flatMap((table) =>
  EVENTS.map(
    (event) =>
      `CREATE TEMP TRIGGER IF NOT EXISTS ${TRIGGER_PREFIX}${table}_${event.toLowerCase()} ` +
      `AFTER ${event} ON main."${table}" BEGIN SELECT ${TOUCH_FUNCTION}('${table}'); END;`,
  ),
).join('\n');
const TRIGGER_COUNT = CACHED_TABLES.length * EVENTS.length;

interface Entry {
  value: unknown;
}

/**
 * What one connection has looked up, by key, and which tables each key was read from. An entry
 * is served while (1) no write on this connection touched those tables — TEMP triggers call
 * `touch` — and (2) no other connection committed: `PRAGMA data_version` changes only for other
 * connections' commits (the CLI, another process of the same file), never for this one's.
 * Both are checked once per transaction `Db.transaction` opens (it holds the write lock: no
 * other process commits until it ends) and at every lookup outside one. The TEMP triggers go
 * when the temp schema is reset (`PRAGMA temp_store` changed: `cli apply` does): every SQL text
 * this connection runs that names temp_store is watched (`watchTempStore`), and after it runs
 * everything is forgotten and the cache stays off until the triggers are made again outside a
 * transaction (made inside one, a rollback would take them away unseen). Asking the temp
 * schema itself at every check cost ~0.08 ms a sale (a statement prepared each time: a kept
 * one crashes, see triggersInPlace).
 */
class RefCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysOf = new Map<CachedTable, Set<string>>();
  /**
   * Tables written in the transaction `dirtySerial` names: not cached while it is open (it may
   * still roll back, leaving what was read of them after the write untrue).
   */
  private readonly dirty = new Set<string>();
  private dirtySerial = 0;
  private dataVersion = -1;
  /** False once a temp_store change dropped the triggers, until they are made again. */
  private triggersLive = false;
  private checkedSerial = 0;
  private readonly dataVersionOf: BetterSqlite3.Statement;

  constructor(private readonly db: Db) {
    this.dataVersionOf = db.raw.prepare('PRAGMA data_version').pluck();
  }

  /**
   * Prepared anew each time, never kept: a statement on the temp schema kept across a
   * temp_store reset runs on its closed b-tree and crashes the process (reproduced with
   * `PRAGMA temp.schema_version` reused after `PRAGMA temp_store = MEMORY`).
   */
  private triggersInPlace(): boolean {
    const sql = `SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE '${TRIGGER_PREFIX}%'`;
    return this.db.raw.prepare(sql).pluck().get() === TRIGGER_COUNT;
  }

  /** Makes the TEMP triggers (outside a transaction only). */
  install(): void {
    if (this.db.raw.inTransaction) return;
    this.db.raw.exec(TRIGGERS_SQL);
    this.clear();
    this.triggersLive = true;
  }

  /** A write on this connection to `table` (from its TEMP trigger). */
  touch(table: string): void {
    const keys = this.keysOf.get(table as CachedTable);
    if (keys) {
      for (const key of keys) this.entries.delete(key);
      keys.clear();
    }
    this.dirty.add(table);
    this.dirtySerial = this.db.transactionSerial;
  }

  /** A statement that may have changed temp_store ran: the temp schema, triggers included, may be gone. */
  tempStoreChanged(): void {
    this.triggersLive = false;
    this.clear();
  }

  lookup<T>(tables: readonly CachedTable[], key: string, load: () => T): T {
    if (!this.usable(tables)) return load();
    const hit = this.entries.get(key);
    if (hit) return hit.value as T;
    const value = load();
    this.store(tables, key, value);
    return value;
  }

  lookupMany<T>(
    tables: readonly CachedTable[],
    prefix: string,
    names: readonly string[],
    loadMissing: (missing: string[]) => ReadonlyMap<string, T>,
  ): Map<string, T | undefined> {
    if (!this.usable(tables)) return loadEach(names, loadMissing);
    const found = new Map<string, T | undefined>();
    const missing: string[] = [];
    for (const name of names) {
      if (found.has(name)) continue;
      const hit = this.entries.get(prefix + name);
      found.set(name, hit?.value as T | undefined);
      if (!hit) missing.push(name);
    }
    if (missing.length === 0) return found;
    const loaded = loadMissing(missing);
    for (const name of missing) {
      const value = loaded.get(name);
      found.set(name, value);
      this.store(tables, prefix + name, value);
    }
    return found;
  }

  /** Fresh against other connections, triggers in place, and `tables` not written in the open transaction. */
  private usable(tables: readonly CachedTable[]): boolean {
    if (!this.fresh()) return false;
    if (this.dirty.size === 0) return true;
    if (!this.db.raw.inTransaction || this.db.transactionSerial !== this.dirtySerial) {
      this.dirty.clear();
      return true;
    }
    return !tables.some((t) => this.dirty.has(t));
  }

  private fresh(): boolean {
    const serial = this.db.transactionSerial;
    if (serial !== 0 && serial === this.checkedSerial) return this.triggersLive;
    this.checkedSerial = serial;
    if (!this.triggersLive) {
      this.clear();
      if (this.triggersInPlace()) this.triggersLive = true;
      else this.install();
      if (!this.triggersLive) return false;
    }
    const version = this.dataVersionOf.get() as number;
    if (version !== this.dataVersion) {
      this.clear();
      this.dataVersion = version;
    }
    return true;
  }

  private store(tables: readonly CachedTable[], key: string, value: unknown): void {
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.entries.set(key, { value: freeze(value) });
    for (const table of tables) {
      let keys = this.keysOf.get(table);
      if (!keys) this.keysOf.set(table, (keys = new Set()));
      keys.add(key);
    }
  }

  private clear(): void {
    this.entries.clear();
    for (const keys of this.keysOf.values()) keys.clear();
  }
}

function loadEach<T>(
  names: readonly string[],
  loadMissing: (missing: string[]) => ReadonlyMap<string, T>,
): Map<string, T | undefined> {
  const loaded = loadMissing([...new Set(names)]);
  const found = new Map<string, T | undefined>();
  for (const name of names) found.set(name, loaded.get(name));
  return found;
}

/** Shared values: a caller changing a cached row would change it for every later lookup. */
function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') Object.freeze(value);
  return value;
}

const caches = new WeakMap<Db, RefCache>();

/**
 * Turns the reference cache on for this connection: the `balcao_ref_touch` function and, per
 * cached table, TEMP triggers after INSERT, UPDATE and DELETE that call it (TEMP: this
 * connection's own, never in the file). `openDatabase` calls it after the migrations. Called
 * again (after `PRAGMA temp_store` reset the temp schema) it makes the triggers again. Outside
 * a transaction only; a connection without it (workers, the sync server's replicas) runs every
 * lookup.
 */
export function installRefCache(db: Db): void {
  if (db.raw.inTransaction) return;
  let cache = caches.get(db);
  if (!cache) {
    const created = new RefCache(db);
    db.raw.function(TOUCH_FUNCTION, { deterministic: false }, (table: unknown) => {
      created.touch(String(table));
      return null;
    });
    watchTempStore(db.raw, () => created.tempStoreChanged());
    caches.set(db, created);
    cache = created;
  }
  cache.install();
}

const TEMP_STORE = /temp_store/i;
type Run = (...args: unknown[]) => unknown;

/**
 * Calls `changed` after any statement of this connection whose SQL names temp_store has run:
 * `prepare` (its statement's run/get/all/iterate), `exec` and `pragma` (which prepares
 * natively, past `prepare`). Everything Balcão runs goes through these three.
 */
function watchTempStore(raw: BetterSqlite3.Database, changed: () => void): void {
  const prepare = raw.prepare.bind(raw);
  const exec = raw.exec.bind(raw);
  const pragma = raw.pragma.bind(raw);
  raw.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (!TEMP_STORE.test(source)) return stmt;
    const target = stmt as unknown as Record<string, Run>;
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = target[method] as Run;
      target[method] = (...args: unknown[]) => {
        try {
          return original.apply(stmt, args);
        } finally {
          changed();
        }
      };
    }
    return stmt;
  }) as typeof raw.prepare;
  raw.exec = (source: string) => {
    try {
      return exec(source);
    } finally {
      if (TEMP_STORE.test(source)) changed();
    }
  };
  raw.pragma = ((source: string, options?: BetterSqlite3.PragmaOptions) => {
    try {
      return pragma(source, options);
    } finally {
      if (TEMP_STORE.test(source)) changed();
    }
  });
}

/**
 * `load()` (a lookup reading only `tables`), kept across operations on this connection until
 * one of `tables` is written here or another connection commits (see RefCache). The value is
 * frozen: callers must not change what they get. Without `installRefCache` it just runs `load`.
 * `key`: unique to the lookup and its arguments.
 */
export function refCached<T>(db: Db, tables: readonly CachedTable[], key: string, load: () => T): T {
  const cache = caches.get(db);
  return cache ? cache.lookup(tables, key, load) : load();
}

/**
 * `refCached` for several lookups of one kind at once (a sale's SKUs): each name is kept under
 * `prefix + name`, and the names not held are loaded by one call of `loadMissing`, which returns
 * name → value (a name it leaves out is kept as not found). Answers name → value or undefined.
 */
export function refCachedMany<T>(
  db: Db,
  tables: readonly CachedTable[],
  prefix: string,
  names: readonly string[],
  loadMissing: (missing: string[]) => ReadonlyMap<string, T>,
): Map<string, T | undefined> {
  const cache = caches.get(db);
  return cache ? cache.lookupMany(tables, prefix, names, loadMissing) : loadEach(names, loadMissing);
}
