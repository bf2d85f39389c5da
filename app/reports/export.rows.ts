import type BetterSqlite3 from 'better-sqlite3';
import type { Cell } from './export.defs';

/**
 * How an export's raw SQLite rows become its cells, as plain data (the CSV part worker gets it
 * through `postMessage`): instants made local, id columns named. Lean on purpose — no imports
 * beyond types — so the part worker starts quickly (`csv.part.worker.ts`).
 */
export interface RowShape {
  /** Columns holding UTC instants, shown as local wall time. */
  instants: number[];
  /** The row's last column is the store id whose zone applies (dropped from the row). */
  storeLast: boolean;
  /** The column holding the store id whose zone applies (read before `names` replaces it). */
  zoneColumn?: number | undefined;
  /** The home store's id: the zone of rows without a store column. */
  home: string;
  /** Columns holding an id of `table` shown as its column `name` (see `nameLookup`). */
  names: { column: number; table: 'stores' | 'salespeople' | 'customers'; name: 'code' | 'name' }[];
  /** The export's row count (decides how `nameLookup` reads names). */
  count: number;
}

/** The row transform `shape` describes, built once per connection (names and zones read here). */
export function rowShaper(raw: BetterSqlite3.Database, shape: RowShape): (row: Cell[]) => Cell[] {
  const local = zoneLocalizer(raw);
  const names = shape.names.map((n) => ({ column: n.column, name: nameLookup(raw, n.table, n.name, shape.count) }));
  const { instants, storeLast, zoneColumn, home } = shape;
  return (row) => {
    const store = zoneColumn !== undefined ? String(row[zoneColumn]) : storeLast ? String(row[row.length - 1]) : home;
    for (const n of names) row[n.column] = n.name(row[n.column] ?? null);
    for (const i of instants) if (typeof row[i] === 'string') row[i] = local(row[i], store);
    if (storeLast) row.length -= 1;
    return row;
  };
}

/**
 * id → `name` of `table`, each distinct id asked once; null for none. When the export's `rows`
 * are at least half as many as the table's rows, the whole table is read once instead (one
 * scan: a 120,000-sale export meets ~70,000 of 100,000 customers, and 70,000 lookups cost
 * three times the scan); else each id is looked up when first met.
 */
export function nameLookup(raw: BetterSqlite3.Database, table: string, name: string, rows: number): (id: Cell) => Cell {
  const seen = new Map<string | number, Cell>();
  const size = (raw.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null) ?? 0;
  if (rows * 2 >= size) {
    for (const [id, value] of raw.prepare(`SELECT id, ${name} FROM ${table}`).raw(true).iterate() as Iterable<
      [string, Cell]
    >)
      seen.set(id, value);
    return (id) => (id === null ? null : (seen.get(id) ?? null));
  }
  // Uncached statement: pluck() changes the statement's mode.
  const get = raw.prepare(`SELECT ${name} FROM ${table} WHERE id = ?`).pluck();
  return (id) => {
    if (id === null) return null;
    let value = seen.get(id);
    if (value === undefined) {
      value = (get.get(id) as Cell | undefined) ?? null;
      seen.set(id, value);
    }
    return value;
  };
}

/**
 * A fast UTC → local wall time converter for many rows: each location's offset intervals
 * (`analytics_tz_offsets`, kept by the analytics issue for every store's zone) loaded once, then
 * a binary search per instant. Returns 'YYYY-MM-DD HH:MM:SS'; UTC−3 when the zone is unknown.
 * An instant as `toISOString` writes it is converted through its store's UTC hour, computed once
 * per distinct hour (when one whole-hour offset covers that hour) and cached: an export of a
 * hundred thousand sales meets a few thousand distinct hours. (`localizer` of report.store.)
 */
export function zoneLocalizer(raw: BetterSqlite3.Database): (iso: string, storeId: string) => string {
  const rows = raw
    .prepare(
      `SELECT s.id AS store_id, o.from_utc, o.offset_minutes FROM stores s JOIN analytics_tz_offsets o ON o.zone = s.timezone
       ORDER BY s.id, o.from_utc`,
    )
    .all() as { store_id: string; from_utc: string; offset_minutes: number }[];
  const byStore = new Map<string, { from: string[]; offset: number[] }>();
  for (const r of rows) {
    const t = byStore.get(r.store_id) ?? { from: [], offset: [] };
    t.from.push(r.from_utc);
    t.offset.push(r.offset_minutes);
    byStore.set(r.store_id, t);
  }
  /** Index of the interval holding `iso` (-1: before the first, or no intervals). */
  const interval = (iso: string, storeId: string): number => {
    const t = byStore.get(storeId);
    let found = -1;
    if (t) {
      let lo = 0;
      let hi = t.from.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((t.from[mid] as string) <= iso) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
    }
    return found;
  };
  const slow = (iso: string, storeId: string): string => {
    const found = interval(iso, storeId);
    const offset = found >= 0 ? (byStore.get(storeId)?.offset[found] as number) : -180;
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const s = new Date(ms + offset * 60_000).toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
  };
  /** 'YYYY-MM-DD HH' local of a UTC hour 'YYYY-MM-DDTHH', or null when its minutes may shift too. */
  const hourPrefix = (hour: string, storeId: string): string | null => {
    const start = `${hour}:00:00.000Z`;
    const found = interval(start, storeId);
    if (found !== interval(`${hour}:59:59.999Z`, storeId)) return null; // the offset changes within the hour
    const offset = found >= 0 ? (byStore.get(storeId)?.offset[found] as number) : -180;
    const local = slow(start, storeId);
    return offset % 60 === 0 && local !== start ? local.slice(0, 13) : null;
  };
  const hours = new Map<string, Map<string, string | null>>();
  return (iso, storeId) => {
    // 'YYYY-MM-DDTHH:MM:SS.sssZ' only (what toISOString writes); anything else the slow way.
    if (iso.length !== 24 || iso.charCodeAt(10) !== 84 || iso.charCodeAt(19) !== 46 || iso.charCodeAt(23) !== 90)
      return slow(iso, storeId);
    let cache = hours.get(storeId);
    if (!cache) hours.set(storeId, (cache = new Map<string, string | null>()));
    const key = iso.slice(0, 13);
    let prefix = cache.get(key);
    if (prefix === undefined) {
      prefix = hourPrefix(key, storeId);
      cache.set(key, prefix);
    }
    return prefix === null ? slow(iso, storeId) : prefix + iso.slice(13, 19);
  };
}
