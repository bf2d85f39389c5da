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

/**
 * Past this many entries the cache starts over (a catalog of 100,000 SKUs sold one by one). Each
 * entry's key sits in the key set of each table it was read from (at most two), so the key sets
 * together hold at most twice this many keys.
 */
const MAX_ENTRIES = 20_000;
/**
 * "Not found" is not kept for lookups that read this table (SKUs, typed or scanned by any user):
 * junk SKUs would otherwise fill the cache and push real entries out.
 */
const MISSES_UNKEPT: CachedTable = 'variants';
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
  /** The tables it was read from: its key is in each one's key set. */
  tables: readonly CachedTable[];
}

/**
 * What one connection has looked up, by key, and which tables each key was read from. An entry
 * is served while (1) no write on this connection touched those tables — TEMP triggers call
 * `touch` — and (2) no other connection committed: `PRAGMA data_version` changes only for other
 * connections' commits (the CLI, another process of the same file), never for this one's.
 * Both are checked once per transaction `Db.transaction` opens (it holds the write lock: no
 * other process commits until it ends, and temp_store cannot change inside a transaction) and at
 * every lookup outside one — including inside a transaction Db did not open (raw BEGIN,
 * `raw.transaction()`, kysely's `transaction()`), where `transactionSerial` is 0. The TEMP
 * triggers go when the temp schema is reset (`PRAGMA temp_store` changed: `cli apply` does), so
 * the same checks count them (a kept statement, ~1 µs); missing, everything is forgotten and the
 * cache stays off until they are made again outside a transaction (made inside one, a rollback
 * would take them away).
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
  /** Whether the triggers were in place at the last check. */
  private live = false;
  private checkedSerial = 0;
  private readonly dataVersionOf: BetterSqlite3.Statement;
  /**
   * Kept: a SELECT on temp.sqlite_master survives temp_store resets (it is re-prepared). Only
   * the temp schema's cookie PRAGMAs (`temp.schema_version`, `temp.user_version`,
   * `temp.freelist_count`) crash the process when kept across a reset.
   */
  private readonly triggerCountOf: BetterSqlite3.Statement;

  constructor(private readonly db: Db) {
    this.dataVersionOf = db.raw.prepare('PRAGMA data_version').pluck();
    this.triggerCountOf = db.raw
      .prepare(`SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE '${TRIGGER_PREFIX}%'`)
      .pluck();
  }

  /** Makes the TEMP triggers and starts empty (outside a transaction only; false inside one). */
  install(): boolean {
    if (this.db.raw.inTransaction) return false;
    this.db.raw.exec(TRIGGERS_SQL);
    this.clear();
    return true;
  }

  /** A write on this connection to `table` (from its TEMP trigger). */
  touch(table: string): void {
    const keys = this.keysOf.get(table as CachedTable);
    if (keys) {
      for (const key of keys) {
        const entry = this.entries.get(key);
        this.entries.delete(key);
        if (!entry) continue;
        for (const other of entry.tables) if (other !== table) this.keysOf.get(other)?.delete(key);
      }
      keys.clear();
    }
    this.dirty.add(table);
    this.dirtySerial = this.db.transactionSerial;
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
    if (serial !== 0 && serial === this.checkedSerial) return this.live;
    this.checkedSerial = serial;
    this.live = this.triggerCountOf.get() === TRIGGER_COUNT || this.install();
    if (!this.live) {
      this.clear();
      return false;
    }
    const version = this.dataVersionOf.get() as number;
    if (version !== this.dataVersion) {
      this.clear();
      this.dataVersion = version;
    }
    return true;
  }

  private store(tables: readonly CachedTable[], key: string, value: unknown): void {
    if (value === undefined && tables.includes(MISSES_UNKEPT)) return;
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.entries.set(key, { value: freeze(value), tables });
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

  /** Entries held, and keys in all the key sets together (tests: the bound). */
  size(): { entries: number; indexed: number } {
    let indexed = 0;
    for (const keys of this.keysOf.values()) indexed += keys.size;
    return { entries: this.entries.size, indexed };
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
    caches.set(db, created);
    cache = created;
  }
  cache.install();
}

/** What the reference cache of this connection holds (undefined without one): for tests of its bound. */
export function refCacheSize(db: Db): { entries: number; indexed: number } | undefined {
  return caches.get(db)?.size();
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
 * name → value (a name it leaves out is not found: kept as such, except for lookups reading
 * `variants`, whose misses are never kept). Answers name → value or undefined.
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
