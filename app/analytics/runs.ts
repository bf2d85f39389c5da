import type { Db } from '../db/db';
import { computeRfm, DEFAULT_WINDOW_DAYS, SEGMENTS, type RfmRow, type Segment } from './rfm';
import { addDays } from './tz';

/** The last day (YYYY-MM-DD) of a month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The month's RFM run (as_of = its last day), kept in `analytics_rfm_runs` the first time it is
 * asked for and read back afterwards, so a closed month's segments stay as they were computed
 * (device-local: derived from synced facts). Needs a writable connection for a month not kept
 * yet: `keepInto` is the connection that stores it (the worker reads on a read-only connection
 * and stores on a second one); without it the run is computed and not stored (a month not
 * closed yet).
 */
export function monthlyRun(db: Db, month: string, options: { keepInto?: Db | undefined; now: string }): RfmRow[] {
  const asOf = monthEnd(month);
  const kept = db.statement('SELECT window_days FROM analytics_rfm_run_meta WHERE as_of = ?').get(asOf);
  if (kept) {
    return db
      .statement(
        `SELECT r.customer_id, coalesce(c.external_id, r.customer_id) AS customer_external_id, r.recency_days,
           r.frequency, r.monetary, r.r, r.f, r.m, r.segment
         FROM analytics_rfm_runs r LEFT JOIN customers c ON c.id = r.customer_id WHERE r.as_of = ? ORDER BY r.customer_id`,
      )
      .all(asOf) as RfmRow[];
  }
  const rows = computeRfm(db, asOf, DEFAULT_WINDOW_DAYS);
  const keeper = options.keepInto;
  if (keeper) {
    keeper.transaction(() => {
      const insert = keeper.statement(
        `INSERT OR IGNORE INTO analytics_rfm_runs (as_of, customer_id, window_days, recency_days, frequency, monetary, r, f, m, segment)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const row of rows) {
        insert.run(
          asOf,
          row.customer_id,
          DEFAULT_WINDOW_DAYS,
          row.recency_days,
          row.frequency,
          row.monetary,
          row.r,
          row.f,
          row.m,
          row.segment,
        );
      }
      keeper
        .statement(
          'INSERT OR IGNORE INTO analytics_rfm_run_meta (as_of, window_days, customers, computed_at) VALUES (?, ?, ?, ?)',
        )
        .run(asOf, DEFAULT_WINDOW_DAYS, rows.length, options.now);
    });
  }
  return rows;
}

export type Movement = Record<Segment, Record<Segment, number>>;

/**
 * The movement matrix between two runs: movement[from][to] = customers whose segment was `from`
 * in the first and `to` in the second, over every customer (absent from a run = sem_compras).
 */
export function movementMatrix(db: Db, before: readonly RfmRow[], after: readonly RfmRow[]): Movement {
  const matrix = Object.fromEntries(
    SEGMENTS.map((s) => [s, Object.fromEntries(SEGMENTS.map((t) => [t, 0]))]),
  ) as Movement;
  const was = new Map(before.map((r) => [r.customer_id, r.segment]));
  const now = new Map(after.map((r) => [r.customer_id, r.segment]));
  const total = (db.statement('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  let moved = 0;
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    matrix[was.get(id) ?? 'sem_compras'][now.get(id) ?? 'sem_compras']++;
    moved++;
  }
  matrix.sem_compras.sem_compras += Math.max(0, total - moved);
  return matrix;
}

/**
 * The movement between two kept runs counted in SQL (no rows brought over), or null when either
 * run is not kept yet. Customers in neither run are `sem_compras` → `sem_compras`.
 */
export function keptMovement(db: Db, before: string, after: string): Movement | null {
  const a = monthEnd(before);
  const b = monthEnd(after);
  const kept = db
    .statement(
      'SELECT count(*) AS n, group_concat(as_of || computed_at) AS stamp FROM analytics_rfm_run_meta WHERE as_of IN (?, ?)',
    )
    .get(a, b) as { n: number; stamp: string };
  if (kept.n < 2) return null;
  // Kept runs never change: their movement counts are remembered per connection, keyed by the
  // runs' computed_at (a database restored from a backup brings other runs, another key).
  let memo = movementMemo.get(db);
  if (!memo) movementMemo.set(db, (memo = new Map<string, MovementRow[]>()));
  const key = `${a}|${b}|${kept.stamp}`;
  const rows = memo.get(key) ?? movementRows(db, a, b);
  memo.set(key, rows);
  const matrix = Object.fromEntries(
    SEGMENTS.map((s) => [s, Object.fromEntries(SEGMENTS.map((t) => [t, 0]))]),
  ) as Movement;
  let counted = 0;
  for (const r of rows) {
    matrix[r.from_segment][r.to_segment] += r.n;
    counted += r.n;
  }
  const total = (db.statement('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  matrix.sem_compras.sem_compras += Math.max(0, total - counted);
  return matrix;
}

type MovementRow = { from_segment: Segment; to_segment: Segment; n: number };
const movementMemo = new WeakMap<Db, Map<string, MovementRow[]>>();

/** Customers per (segment in run `a`, segment in run `b`) over the customers of either run. */
function movementRows(db: Db, a: string, b: string): MovementRow[] {
  return db
    .statement(
      `SELECT coalesce(p.segment, 'sem_compras') AS from_segment, c.segment AS to_segment, count(*) AS n
       FROM analytics_rfm_runs c LEFT JOIN analytics_rfm_runs p ON p.as_of = :a AND p.customer_id = c.customer_id
       WHERE c.as_of = :b GROUP BY 1, 2
       UNION ALL
       SELECT p.segment, 'sem_compras', count(*) FROM analytics_rfm_runs p
       WHERE p.as_of = :a AND NOT EXISTS (SELECT 1 FROM analytics_rfm_runs c WHERE c.as_of = :b AND c.customer_id = p.customer_id)
       GROUP BY 1`,
    )
    .all({ a, b }) as MovementRow[];
}
