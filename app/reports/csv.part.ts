import type BetterSqlite3 from 'better-sqlite3';
import type { Cell, ExportColumn } from './export.defs';
import { rowShaper, type RowShape } from './export.rows';
import { byteSink, formatters, type CsvOptions, type LineSink } from './csv.cells';

/**
 * An export whose rows are the same SQL run over consecutive blocks (`SheetData.parts`), as
 * plain data: a CSV part worker (`csv.part.worker.ts`) makes the bytes of some blocks on its own
 * connection while the writer makes the others (`csv.parallel.ts`). Lean: types, the row shape
 * and the CSV cells only.
 */
export interface PartPlan {
  /** The database file (opened read-only by the part worker). */
  path: string;
  sql: string;
  /**
   * One set of named parameters per block, in row order: block i's rows all precede block i + 1's.
   * `sql` has no LIMIT of its own (one is added to read a block at once).
   */
  params: Record<string, unknown>[];
  shape: RowShape;
}

/** A block made into UTF-8 CSV lines: its bytes, rows, and per column the sum of its numbers. */
export interface PartBlock {
  block: number;
  bytes: Uint8Array;
  rows: number;
  totals: number[];
}

/**
 * Rows of a block read at once (`all`: measured −16…−19% CPU against `iterate` on 121,485 vendas
 * rows, no iterator record and no call per row); a block with more is iterated.
 */
export const BLOCK_CAP = 10_000;

/**
 * Makes CSV blocks on one connection: `run(block, stop)` iterates the block's rows, writes their
 * lines (UTF-8 bytes, or the `lines` sink given: the writer's Windows-1252 one) and returns them (bytes copied out, so the sink's buffer is reused); `stop()` is asked
 * every 2,000 rows and ends the block early with null (a cancelled export).
 */
export function partMaker(
  raw: BetterSqlite3.Database,
  plan: PartPlan,
  columns: readonly ExportColumn[],
  options: CsvOptions,
  lines: LineSink = byteSink(columns, formatters(columns, options), options),
): (block: number, stop: () => boolean) => PartBlock | null {
  const shape = rowShaper(raw, plan.shape);
  const statement = raw.prepare(plan.sql).raw(true);
  const capped = raw.prepare(`${plan.sql} LIMIT ${BLOCK_CAP + 1}`).raw(true);
  const sink = lines;
  const n = columns.length;
  const totalAt = columns.map((c) => c.total === true);
  return (block, stop) => {
    const totals: number[] = new Array<number>(n).fill(0);
    let rows = 0;
    const params = plan.params[block];
    const all = capped.all(params) as Cell[][];
    // A block beyond the cap (rows bunched in time) is iterated instead: memory stays bounded.
    const source = all.length <= BLOCK_CAP ? all : (statement.iterate(params) as Iterable<Cell[]>);
    for (const row of source) {
      const cells = shape(row);
      sink.row(cells);
      for (let i = 0; i < n; i++) {
        const v = cells[i];
        if (totalAt[i] && typeof v === 'number') totals[i] = (totals[i] as number) + v;
      }
      if (++rows % 2000 === 0 && stop()) return null;
    }
    const chunk = sink.take();
    const bytes = new Uint8Array(chunk);
    sink.release(chunk);
    return { block, bytes, rows, totals };
  };
}
