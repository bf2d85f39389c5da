import type { Db } from '../db/db';
import { addDays, daysBetween } from './tz';

/** Segment keys of the complete (R, F) partition (issue 13), plus customers without purchases. */
export const SEGMENTS = [
  'campeoes',
  'fieis',
  'oportunistas',
  'em_risco',
  'hibernando',
  'perdidos',
  'sem_compras',
] as const;
export type Segment = (typeof SEGMENTS)[number];

export const SEGMENT_LABELS: Record<Segment, string> = {
  campeoes: 'Campeões',
  fieis: 'Fiéis',
  oportunistas: 'Oportunistas',
  em_risco: 'Em risco',
  hibernando: 'Hibernando',
  perdidos: 'Perdidos',
  sem_compras: 'Sem compras',
};

export const DEFAULT_WINDOW_DAYS = 365;

/**
 * The segment of an (R, F) pair, scores 1–5: campeões R∈{4,5}∧F∈{4,5}; fiéis R≥3∧F≥3 otherwise;
 * oportunistas R≥3∧F≤2; em risco R≤2∧F≥3; hibernando R=2∧F≤2; perdidos R=1∧F≤2.
 */
export function segmentOf(r: number, f: number): Segment {
  if (r >= 4 && f >= 4) return 'campeoes';
  if (r >= 3) return f >= 3 ? 'fieis' : 'oportunistas';
  if (f >= 3) return 'em_risco';
  return r === 2 ? 'hibernando' : 'perdidos';
}

/**
 * Scores 1–5 with ties sharing a score: score = 1 + floor(5 × L / N), L = how many keys are
 * strictly lower (higher key is better). Integer arithmetic; O(N log N).
 */
export function tieScores(keys: readonly number[]): number[] {
  const n = keys.length;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const scores = new Array<number>(n);
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const idx = order[i] as number;
    if (i > 0 && keys[order[i - 1] as number] !== keys[idx]) lower = i;
    scores[idx] = 1 + Math.floor((5 * lower) / n);
  }
  return scores;
}

export interface RfmRow {
  customer_id: string;
  customer_external_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: Segment;
}

interface Aggregate {
  customer_id: string;
  external_id: string | null;
  last_date: string;
  frequency: number;
  monetary: number;
}

/**
 * RFM of every customer with a purchase in the window (as_of − W days, as_of] (local dates of
 * the sales' locations), from the `analytics_sales_rfm` covering index. Sorted by customer id.
 * Rows: recency_days = as_of − last purchase date, frequency = purchases, monetary = Σ net
 * values (centavos), scores and segment. Customers without purchases are not listed.
 */
export function computeRfm(db: Db, asOf: string, windowDays = DEFAULT_WINDOW_DAYS): RfmRow[] {
  const from = addDays(asOf, -windowDays);
  const rows = db
    .statement(
      `SELECT a.customer_id, c.external_id, a.last_date, a.frequency, a.monetary FROM (
         SELECT customer_id, max(local_date) AS last_date, count(*) AS frequency, sum(net_cents) AS monetary
         FROM analytics_sales INDEXED BY analytics_sales_rfm
         WHERE purchase = 1 AND customer_id IS NOT NULL AND local_date > ? AND local_date <= ?
         GROUP BY customer_id) a
       LEFT JOIN customers c ON c.id = a.customer_id`,
    )
    .raw(false)
    .all(from, asOf) as Aggregate[];
  return scoreAggregates(rows, asOf);
}

function scoreAggregates(rows: readonly Aggregate[], asOf: string): RfmRow[] {
  const recency = rows.map((row) => daysBetween(row.last_date, asOf));
  const r = tieScores(recency.map((d) => -d));
  const f = tieScores(rows.map((row) => row.frequency));
  const m = tieScores(rows.map((row) => row.monetary));
  return rows.map((row, i) => {
    const ri = r[i] as number;
    const fi = f[i] as number;
    return {
      customer_id: row.customer_id,
      customer_external_id: row.external_id ?? row.customer_id,
      recency_days: recency[i] as number,
      frequency: row.frequency,
      monetary: row.monetary,
      r: ri,
      f: fi,
      m: m[i] as number,
      segment: segmentOf(ri, fi),
    };
  });
}

/** Counts per segment (every key present, `sem_compras` = customers not scored). */
export function segmentCounts(rows: readonly { segment: Segment }[], totalCustomers: number): Record<Segment, number> {
  const counts = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  for (const row of rows) counts[row.segment]++;
  counts.sem_compras = Math.max(0, totalCustomers - rows.length);
  return counts;
}
