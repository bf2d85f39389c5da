import type { Db } from '../db/db';
import type { ShapeTable } from './sync.apply';

/** Rows per multi-row INSERT (SQLite allows 32,766 parameters per statement). */
const BULK_ROWS = 100;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Param = string | number | bigint | Buffer | null;

/**
 * Consecutive inserts of one page with the same columns, written `BULK_ROWS` at a time by one
 * cached multi-row statement (facts `ON CONFLICT DO NOTHING`, records upserted), instead of a
 * statement per row. A chunk that a local UNIQUE refuses (an error, or a fact skipped) is
 * written again row by row through `single`, which merges or reports the conflict exactly as
 * before: the statement that failed wrote nothing (SQLite undoes a failed statement).
 * Values must already be SQLite parameters (booleans as 0/1).
 */
export class BulkInserts {
  private rows: Record<string, unknown>[] = [];
  private columns: string[] = [];

  constructor(
    private readonly db: Db,
    private readonly spec: ShapeTable,
    private readonly written: (rows: Record<string, unknown>[]) => void,
    private readonly single: (row: Record<string, unknown>) => void,
  ) {}

  add(row: Record<string, unknown>): void {
    if (!this.sameColumns(row)) {
      this.flush();
      this.columns = Object.keys(row);
    }
    this.rows.push(row);
    if (this.rows.length === BULK_ROWS) this.flush();
  }

  /** Whether `row` has exactly the columns of the rows waiting, in the same order. */
  private sameColumns(row: Record<string, unknown>): boolean {
    let i = 0;
    for (const column in row) {
      if (this.columns[i] !== column) return false;
      i++;
    }
    return i === this.columns.length;
  }

  flush(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    this.rows = [];
    const params: Param[] = [];
    for (const row of rows) for (const column of this.columns) params.push((row[column] ?? null) as Param);
    let changed = -1;
    try {
      changed = this.db.statement(bulkInsertSql(this.spec, this.columns, rows.length)).run(...params).changes;
    } catch (error) {
      if (!(error instanceof Error) || !/UNIQUE constraint failed/.test(error.message)) throw error;
    }
    if (changed === rows.length) this.written(rows);
    else for (const row of rows) this.single(row);
  }
}

const bulkSql = new Map<string, string>();

function bulkInsertSql(spec: ShapeTable, columns: string[], count: number): string {
  const cacheKey = `${spec.table}|${columns.join(',')}|${count}`;
  let text = bulkSql.get(cacheKey);
  if (text) return text;
  const others = columns.filter((c) => c !== spec.key);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const conflict =
    spec.kind === 'fact' || others.length === 0
      ? ` ON CONFLICT DO NOTHING`
      : ` ON CONFLICT (${quote(spec.key)}) DO UPDATE SET ${others.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  text = `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(', ')}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}${conflict}`;
  bulkSql.set(cacheKey, text);
  return text;
}
