import type { Db } from '../db/db';
import { log } from '../log';

/** One column of a table that points at another row (a foreign key, or a soft reference). */
interface Link {
  column: string;
  /** The parent table; null: a reference to a row of any table (ids are UUIDs, unique everywhere). */
  parent: string | null;
}

/**
 * References without a declared foreign key: `stock_movements.reference_id` holds the sale,
 * return or cancellation that moved the stock (`app/stock/stock.service.ts`).
 */
const SOFT_LINKS: Record<string, Link[]> = {
  stock_movements: [{ column: 'reference_id', parent: null }],
};

const linkCache = new WeakMap<Db, Map<string, Link[]>>();

/** The table's single-column foreign keys (`PRAGMA foreign_key_list`) plus its soft links. */
function linksOf(db: Db, table: string): Link[] {
  let byTable = linkCache.get(db);
  if (!byTable) linkCache.set(db, (byTable = new Map<string, Link[]>()));
  let links = byTable.get(table);
  if (!links) {
    const fks = db.raw
      .prepare(`SELECT id, "table" AS parent, "from" AS col FROM pragma_foreign_key_list(?)`)
      .all(table) as { id: number; parent: string; col: string }[];
    const single = fks.filter((fk) => fks.filter((other) => other.id === fk.id).length === 1);
    links = [...single.map((fk) => ({ column: fk.col, parent: fk.parent })), ...(SOFT_LINKS[table] ?? [])];
    byTable.set(table, links);
  }
  return links;
}

interface HeldEntry {
  local_id: string;
  row: string;
}

/**
 * Rows of one page whose parent is held in `sync_key_conflicts` (a server sale whose number a
 * local sale already has, and, transitively, its lines, payments, stock movements, returns…):
 * they are held there too, whole, never written — a sale that is not here must not count in
 * stock levels or payment totals, and `PRAGMA foreign_key_check` must stay empty (pages are
 * applied with foreign keys off, `sync.pull.ts`). A held row's `local_id` is the local row its
 * held parent met (the conflict the owner settles), `key` the referencing column, `value` the
 * parent's id. An update of a row already held is folded into the kept row.
 * Inactive (no cost per row) while no parent table of this table has a held row.
 */
export class HeldChildren {
  private readonly links: Link[];
  private readonly heldTables: Set<string>;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly key: string,
  ) {
    const first = db.raw.prepare('SELECT 1 FROM sync_key_conflicts LIMIT 1').get();
    this.heldTables = first
      ? new Set(db.raw.prepare('SELECT DISTINCT table_name FROM sync_key_conflicts').pluck().all() as string[])
      : new Set<string>();
    this.links =
      this.heldTables.size === 0
        ? []
        : linksOf(db, table).filter((link) => link.parent === null || this.heldTables.has(link.parent));
  }

  /**
   * Holds `row` when it is an update of a held row or points at a held parent; returns whether
   * it was held (the caller writes nothing then).
   */
  keep(operation: 'insert' | 'update', row: Record<string, unknown>, now: string): boolean {
    if (this.heldTables.size === 0) return false;
    const id = String(row[this.key]);
    if (operation === 'update' && this.heldTables.has(this.table)) {
      const self = this.entry(this.table, id);
      if (self) {
        const merged = { ...(JSON.parse(self.row) as Record<string, unknown>), ...row };
        this.db.raw
          .prepare('UPDATE sync_key_conflicts SET row = ?, seen_at = ? WHERE table_name = ? AND row_id = ?')
          .run(JSON.stringify(merged), now, this.table, id);
        return true;
      }
    }
    for (const link of this.links) {
      const value = row[link.column];
      if (typeof value !== 'string') continue;
      const parent = link.parent === null ? this.anyEntry(value) : this.entry(link.parent, value);
      if (!parent) continue;
      this.db.raw
        .prepare(
          `INSERT OR REPLACE INTO sync_key_conflicts (table_name, row_id, local_id, key, value, row, seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(this.table, id, parent.local_id, link.column, JSON.stringify([value]), JSON.stringify(row), now);
      log.warn('sync pull: a row whose parent is held as a conflict is held too', {
        table: this.table,
        id,
        column: link.column,
        parent: value,
      });
      return true;
    }
    return false;
  }

  private entry(table: string, id: string): HeldEntry | undefined {
    return this.db.raw
      .prepare('SELECT local_id, row FROM sync_key_conflicts WHERE table_name = ? AND row_id = ?')
      .get(table, id) as HeldEntry | undefined;
  }

  private anyEntry(id: string): HeldEntry | undefined {
    for (const table of this.heldTables) {
      const found = this.entry(table, id);
      if (found) return found;
    }
    return undefined;
  }
}
