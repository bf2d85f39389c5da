import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBalcao } from '../app/balcao';
import { runDemo } from '../app/analytics/demo';
import { computeRfm } from '../app/analytics/rfm';
import { computeCommissions, computeMargins } from '../app/analytics/finance';
import { dashboardData, mainZone } from '../app/analytics/dashboard';
import { monthEnd, previousMonth } from '../app/analytics/runs';
import { ensureZoneOffsets, localDate } from '../app/analytics/tz';
import { measure, ratioAtMost, type Measurement, type Verdict } from './harness';

const SALES = Number(process.env.BENCH_ANALYTICS_SALES ?? 1_000_000);
const CUSTOMERS = Math.max(20, Math.floor(SALES / 10));

function under(label: string, m: Measurement, limitMs: number): Verdict {
  return { label, ok: m.p50Ms < limitMs, detail: `p50 ${m.p50Ms.toFixed(0)} ms (limit ${limitMs} ms)` };
}

/**
 * Issue 13 on `demo` data (100,000 customers, 1,000,000 sales by default; BENCH_ANALYTICS_SALES
 * scales it). The store is generated once into the temp folder and reused (it takes minutes).
 * RFM for all customers must take under 2 s and at most 2.5× a plain covering-index
 * `GROUP BY customer` aggregate over the same sales; commissions and margins for a month under
 * 1 s; the dashboard's data (runs of closed months kept) under 500 ms.
 */
export async function analyticsBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  const dir = join(tmpdir(), 'balcao-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `analytics-${CUSTOMERS}-${SALES}-13.sqlite3`);
  const fresh = !existsSync(path);
  const app = await openBalcao(path);
  if (fresh) {
    console.log(`analytics: generating ${CUSTOMERS} customers / ${SALES} sales into ${path} (once)…`);
    runDemo(app.db, { customers: CUSTOMERS, sales: SALES, seed: 13, now: new Date() });
  }
  ensureZoneOffsets(app.db);
  const raw = app.db.raw;
  raw.exec('CREATE INDEX IF NOT EXISTS bench_sales_customer_cover ON sales (customer_id, occurred_at, total_cents)');
  raw.pragma('cache_size = -262144');
  const today = localDate(new Date().toISOString(), mainZone(app.db));
  const month = previousMonth(today.slice(0, 7));
  const from = `${month}-01`;
  const to = monthEnd(month);
  const asOf = today;
  const baselineSql = raw.prepare(
    `SELECT customer_id, max(occurred_at), count(*), sum(total_cents) FROM sales INDEXED BY bench_sales_customer_cover
     WHERE customer_id IS NOT NULL AND occurred_at > ? AND occurred_at <= ? GROUP BY customer_id`,
  );
  const windowFrom = `${new Date(Date.parse(`${asOf}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10)}T03:00:00.000Z`;
  const windowTo = `${asOf}T23:59:59.999Z`;
  let rows = 0;
  const baseline = measure(`GROUP BY customer baseline (${SALES} sales)`, 5, () => {
    rows = baselineSql.all(windowFrom, windowTo).length;
  });
  let scored = 0;
  const rfm = measure(`RFM all customers (${CUSTOMERS} customers)`, 5, () => {
    scored = computeRfm(app.db, asOf).length;
  });
  const commissions = measure(`commissions ${month}`, 5, () => computeCommissions(app.db, from, to));
  const margins = measure(`margins ${month} by product`, 5, () => computeMargins(app.db, from, to, 'product'));
  const dashboard = measure(`dashboard data ${month}`, 5, () => dashboardData(app.db, from, to, new Date(), app.db));
  console.log(`analytics: baseline groups ${rows}, RFM scored ${scored}`);
  app.close();
  return {
    measurements: [baseline, rfm, commissions, margins, dashboard],
    verdicts: [
      under('RFM over all customers', rfm, 2000),
      ratioAtMost('RFM vs covering-index GROUP BY', rfm, baseline, 2.5),
      under('commissions for a month', commissions, 1000),
      under('margins for a month', margins, 1000),
      under('dashboard data', dashboard, 500),
    ],
  };
}
