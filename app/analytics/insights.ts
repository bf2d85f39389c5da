import type { Db } from '../db/db';
import { computeCommissions, halfUpDiv, pctOf } from './finance';
import { LEDGER_CTE, ledgerParams } from './ledger';
import { daysBetween } from './tz';

const WEEKDAYS = ['Domingo', 'Segunda', 'Terça', 'Quarta', 'Quinta', 'Sexta', 'Sábado'];

/**
 * Sales patterns of local dates [from, to]: purchases and net value by hour and weekday (peaks
 * first), products bought together (pairs in at least 2 purchases: support = share of the
 * period's purchases containing both, lift = support(A∧B) / (support(A) × support(B))), and the
 * churn-risk list as of `asOf`: customers with 2+ purchases whose days since the last one exceed
 * 2× the median gap between their purchase dates (longest overdue first, at most 100, with the
 * total count).
 */
export function salesPatterns(db: Db, from: string, to: string, asOf: string) {
  const hours = db
    .statement(
      `SELECT local_hour AS hour, count(*) AS purchases, sum(net_cents) AS net_value FROM analytics_sales
       WHERE local_date >= ? AND local_date <= ? AND purchase = 1 GROUP BY local_hour ORDER BY purchases DESC, hour`,
    )
    .all(from, to) as { hour: number; purchases: number; net_value: number }[];
  const weekdays = (
    db
      .statement(
        `SELECT CAST(strftime('%w', local_date) AS INTEGER) AS weekday, count(*) AS purchases, sum(net_cents) AS net_value
         FROM analytics_sales WHERE local_date >= ? AND local_date <= ? AND purchase = 1 GROUP BY 1 ORDER BY purchases DESC, weekday`,
      )
      .all(from, to) as { weekday: number; purchases: number; net_value: number }[]
  ).map((w) => ({ ...w, label: WEEKDAYS[w.weekday] ?? '' }));
  return { peak_hours: hours, peak_weekdays: weekdays, pairs: pairs(db, from, to), churn_risk: churnRisk(db, asOf) };
}

function pairs(db: Db, from: string, to: string) {
  const basket = `SELECT DISTINCT a.sale_id, v.product_id FROM analytics_sales a JOIN sale_items i ON i.sale_id = a.sale_id
    JOIN variants v ON v.id = i.variant_id WHERE a.local_date >= :from AND a.local_date <= :to AND a.purchase = 1`;
  const total = (
    db
      .statement(
        `SELECT count(*) AS n FROM analytics_sales WHERE local_date >= :from AND local_date <= :to AND purchase = 1`,
      )
      .get({ from, to }) as { n: number }
  ).n;
  if (total === 0) return [];
  const single = new Map(
    (
      db
        .statement(`WITH b AS (${basket}) SELECT product_id, count(*) AS n FROM b GROUP BY product_id`)
        .all({ from, to }) as { product_id: string; n: number }[]
    ).map((r) => [r.product_id, r.n]),
  );
  const rows = db
    .statement(
      `WITH b AS (${basket}) SELECT x.product_id AS a, y.product_id AS b, pa.name AS a_name, pb.name AS b_name, count(*) AS together
       FROM b x JOIN b y ON y.sale_id = x.sale_id AND x.product_id < y.product_id
       JOIN products pa ON pa.id = x.product_id JOIN products pb ON pb.id = y.product_id
       GROUP BY x.product_id, y.product_id HAVING count(*) >= 2 ORDER BY together DESC, a_name, b_name LIMIT 20`,
    )
    .all({ from, to }) as { a: string; b: string; a_name: string; b_name: string; together: number }[];
  return rows.map((r) => ({
    product_a: r.a_name,
    product_b: r.b_name,
    purchases_together: r.together,
    support_pct: pctOf(r.together, total),
    // lift = together × total / (count(A) × count(B)), two decimals, half up
    lift: halfUpDiv(r.together * total * 100, (single.get(r.a) ?? 1) * (single.get(r.b) ?? 1)) / 100,
  }));
}

function churnRisk(db: Db, asOf: string) {
  const stmt = db.statement(
    `SELECT customer_id, local_date FROM analytics_sales INDEXED BY analytics_sales_rfm
     WHERE purchase = 1 AND customer_id IS NOT NULL AND local_date <= ? ORDER BY customer_id, local_date`,
  );
  const risky: { customer_id: string; days_since: number; median_gap: number }[] = [];
  let current: string | null = null;
  let dates: string[] = [];
  const close = () => {
    if (current === null || dates.length < 2) return;
    const gaps: number[] = [];
    for (let i = 1; i < dates.length; i++) gaps.push(daysBetween(dates[i - 1] as string, dates[i] as string));
    gaps.sort((a, b) => a - b);
    const mid = gaps.length >> 1;
    // median of an even count: the mean of the two middle gaps, in half days kept exact
    const medianTwice = gaps.length % 2 ? 2 * (gaps[mid] as number) : (gaps[mid - 1] as number) + (gaps[mid] as number);
    const since = daysBetween(dates[dates.length - 1] as string, asOf);
    // since > 2 × median, i.e. since > medianTwice
    if (since > medianTwice) risky.push({ customer_id: current, days_since: since, median_gap: medianTwice / 2 });
  };
  for (const row of stmt.iterate(asOf) as Iterable<{ customer_id: string; local_date: string }>) {
    if (row.customer_id !== current) {
      close();
      current = row.customer_id;
      dates = [];
    }
    if (dates[dates.length - 1] !== row.local_date) dates.push(row.local_date);
  }
  close();
  risky.sort(
    (a, b) =>
      b.days_since / Math.max(b.median_gap, 0.5) - a.days_since / Math.max(a.median_gap, 0.5) ||
      a.customer_id.localeCompare(b.customer_id),
  );
  const top = risky.slice(0, 100);
  const names = db.statement('SELECT name, external_id FROM customers WHERE id = ?');
  return {
    total: risky.length,
    customers: top.map((r) => ({
      ...r,
      ...(names.get(r.customer_id) as { name: string; external_id: string | null }),
    })),
  };
}

/**
 * Salesperson performance (sales, net revenue, commission, ticket, share of the monthly target
 * for a one-month period) and product performance per location (quantity, revenue, margin,
 * margin %, with their rank by quantity, revenue and margin % inside the location).
 */
export function performance(db: Db, from: string, to: string) {
  const targets = new Map(
    (
      db.statement('SELECT id, monthly_target_cents FROM salespeople').all() as {
        id: string;
        monthly_target_cents: number;
      }[]
    ).map((s) => [s.id, s.monthly_target_cents]),
  );
  const oneMonth = from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7) && daysBetween(from, to) >= 27;
  const salespeople = computeCommissions(db, from, to).map((c) => {
    const target = c.salesperson_id ? (targets.get(c.salesperson_id) ?? 0) : 0;
    return {
      ...c,
      ticket_medio: c.sales_count ? halfUpDiv(c.net_revenue, c.sales_count) : 0,
      monthly_target: target,
      target_pct: oneMonth && target > 0 ? pctOf(c.net_revenue, target) : null,
    };
  });
  const rows = db
    .statement(
      `WITH ${LEDGER_CTE} SELECT st.code AS location, st.name AS location_name, coalesce(p.external_id, p.id) AS key, p.name,
         sum(e.qty) AS quantity_milli, sum(e.net) AS net_revenue, sum(e.margin) AS margin_cents
       FROM ev e JOIN stores st ON st.id = e.store_id JOIN variants v ON v.id = e.variant_id JOIN products p ON p.id = v.product_id
       GROUP BY e.store_id, p.id ORDER BY st.code, net_revenue DESC, key`,
    )
    .all(ledgerParams(from, to)) as {
    location: string;
    location_name: string;
    key: string;
    name: string;
    quantity_milli: number;
    net_revenue: number;
    margin_cents: number;
  }[];
  const products = rows.map((r) => ({ ...r, margin_pct: pctOf(r.margin_cents, r.net_revenue) }));
  const ranked = products.map((p) => {
    const peers = products.filter((o) => o.location === p.location);
    const rank = (v: (x: typeof p) => number) => 1 + peers.filter((o) => v(o) > v(p)).length;
    return {
      ...p,
      rank_quantity: rank((x) => x.quantity_milli),
      rank_revenue: rank((x) => x.net_revenue),
      rank_margin_pct: rank((x) => x.margin_pct ?? -Infinity),
    };
  });
  return { salespeople, products: ranked };
}
