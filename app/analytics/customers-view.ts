import type { Db } from '../db/db';
import { getSetting, putSetting } from '../settings/settings.queries';
import { computeRfm, DEFAULT_WINDOW_DAYS, SEGMENT_LABELS, type RfmRow, type Segment } from './rfm';
import { tableExists } from './dashboard';
import { loyaltyPoints } from '../customers/customer.queries';
import { consentedCustomerSql } from '../lgpd/consent.service';

export const CLV_SETTINGS_KEY = 'analytics.clv';
/** Defaults shown on screen: a customer stays 3 years; 30% of what they pay is margin. */
export const DEFAULT_CLV = { lifespan_years: 3, margin_bp: 3000 };
export type ClvSettings = typeof DEFAULT_CLV;

export function clvSettings(db: Db): ClvSettings {
  return { ...DEFAULT_CLV, ...(getSetting<Partial<ClvSettings>>(db, CLV_SETTINGS_KEY) ?? {}) };
}

export function saveClvSettings(db: Db, settings: ClvSettings, now: string): ClvSettings {
  putSetting(db, CLV_SETTINGS_KEY, settings, now);
  return settings;
}

/**
 * CLV (centavos) = average ticket × purchases per year × lifespan (years) × margin, i.e.
 * monetary × 365 / window_days × lifespan × margin_bp / 10 000, half up (exact in BigInt).
 */
export function clvOf(monetary: number, windowDays: number, s: ClvSettings): number {
  const num = BigInt(monetary) * 365n * BigInt(s.lifespan_years) * BigInt(s.margin_bp);
  const den = BigInt(windowDays) * 10_000n;
  const q = (2n * (num < 0n ? -num : num) + den) / (2n * den);
  return Number(num < 0n ? -q : q);
}

const cache = new WeakMap<Db, { key: string; rows: Map<string, RfmRow> }>();

/**
 * Today's RFM by customer id, computed once per (as_of, data) and kept in memory: any write to
 * a sale replaces its `analytics_sales` row (INSERT OR REPLACE), which moves max(rowid).
 */
export function rfmByCustomer(db: Db, asOf: string): Map<string, RfmRow> {
  const version = (db.statement('SELECT max(rowid) AS v FROM analytics_sales').get() as { v: number | null }).v ?? 0;
  const key = `${asOf}|${version}`;
  const hit = cache.get(db);
  if (hit?.key === key) return hit.rows;
  const rows = new Map(computeRfm(db, asOf).map((r) => [r.customer_id, r]));
  cache.set(db, { key, rows });
  return rows;
}

export interface CustomerListRow {
  customer_id: string;
  external_id: string | null;
  name: string;
  segment: Segment;
  segment_label: string;
  last_purchase: string | null;
  recency_days: number | null;
  frequency: number;
  monetary: number;
  clv: number;
}

/**
 * A page of all customers ordered by name, with segment, last purchase, frequency, monetary and
 * CLV as of `asOf`; filtered by segment and by a search over name, external id and phone.
 */
export function customerList(
  db: Db,
  input: {
    asOf: string;
    segment?: Segment | undefined;
    search?: string | undefined;
    offset: number;
    limit: number;
    /** Only customers with an active `marketing` consent (LGPD; the list's CSV export). */
    marketing_only?: boolean | undefined;
  },
): { total: number; rows: CustomerListRow[]; clv_settings: ClvSettings } {
  const rfm = rfmByCustomer(db, input.asOf);
  const settings = clvSettings(db);
  const like = input.search ? `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const clauses = like
    ? [`(name LIKE :like ESCAPE '\\' OR external_id LIKE :like ESCAPE '\\' OR phone LIKE :like ESCAPE '\\')`]
    : [];
  if (input.marketing_only) clauses.push(consentedCustomerSql('marketing'));
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const params = like ? { like } : {};
  let ids: { id: string; external_id: string | null; name: string }[];
  let total: number;
  if (input.segment) {
    const all = db
      .statement(`SELECT id, external_id, name FROM customers ${where} ORDER BY name COLLATE NOCASE, id`)
      .all(params) as typeof ids;
    const wanted = all.filter((c) => (rfm.get(c.id)?.segment ?? 'sem_compras') === input.segment);
    total = wanted.length;
    ids = wanted.slice(input.offset, input.offset + input.limit);
  } else {
    total = (db.statement(`SELECT count(*) AS n FROM customers ${where}`).get(params) as { n: number }).n;
    ids = db
      .statement(
        `SELECT id, external_id, name FROM customers ${where} ORDER BY name COLLATE NOCASE, id LIMIT :limit OFFSET :offset`,
      )
      .all({ ...params, limit: input.limit, offset: input.offset }) as typeof ids;
  }
  const rows = ids.map((c) => {
    const r = rfm.get(c.id);
    const segment: Segment = r?.segment ?? 'sem_compras';
    return {
      customer_id: c.id,
      external_id: c.external_id,
      name: c.name,
      segment,
      segment_label: SEGMENT_LABELS[segment],
      last_purchase: r ? shiftBack(input.asOf, r.recency_days) : null,
      recency_days: r?.recency_days ?? null,
      frequency: r?.frequency ?? 0,
      monetary: r?.monetary ?? 0,
      clv: r ? clvOf(r.monetary, DEFAULT_WINDOW_DAYS, settings) : 0,
    };
  });
  return { total, rows, clv_settings: settings };
}

function shiftBack(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * One customer's analytics: name and contact (phone and e-mail reach only roles with
 * `customers.manage`, by the dispatcher's shaping), loyalty points balance, purchases (every
 * sale with status and net value), segment history (kept monthly runs), appointments, packages
 * and lead origin when those tables exist.
 */
export function customerDetail(db: Db, customerId: string, asOf: string) {
  const purchases = db
    .statement(
      `SELECT a.sale_id, s.number, a.local_date, a.status, a.purchase, a.total_cents, a.net_cents, st.name AS location
       FROM analytics_sales a JOIN sales s ON s.id = a.sale_id JOIN stores st ON st.id = a.store_id
       WHERE a.customer_id = ? ORDER BY a.local_date DESC, s.occurred_at DESC LIMIT 500`,
    )
    .all(customerId) as {
    sale_id: string;
    number: string;
    local_date: string;
    status: string;
    purchase: number;
    total_cents: number;
    net_cents: number;
    location: string;
  }[];
  const history = db
    .statement(`SELECT as_of, segment, r, f, m FROM analytics_rfm_runs WHERE customer_id = ? ORDER BY as_of`)
    .all(customerId) as { as_of: string; segment: Segment; r: number; f: number; m: number }[];
  const current = rfmByCustomer(db, asOf).get(customerId) ?? null;
  const who = db.statement('SELECT name, external_id, phone, email FROM customers WHERE id = ?').get(customerId) as
    { name: string; external_id: string | null; phone: string | null; email: string | null } | undefined;
  return {
    customer_id: customerId,
    name: who?.name ?? '',
    external_id: who?.external_id ?? null,
    phone: who?.phone ?? null,
    email: who?.email ?? null,
    /** Σ points of the customer's loyalty movements. */
    loyalty_points: loyaltyPoints(db, customerId),
    rfm: current,
    segment: current?.segment ?? 'sem_compras',
    segment_label: SEGMENT_LABELS[current?.segment ?? 'sem_compras'],
    clv: current ? clvOf(current.monetary, DEFAULT_WINDOW_DAYS, clvSettings(db)) : 0,
    purchases,
    segment_history: history.map((h) => ({ ...h, label: SEGMENT_LABELS[h.segment] })),
    appointments: tableExists(db, 'appointments')
      ? (db
          .statement(
            `SELECT a.starts_at, a.status, p.name AS procedure FROM appointments a JOIN products p ON p.id = a.product_id
             WHERE a.customer_id = ? ORDER BY a.starts_at DESC LIMIT 100`,
          )
          .all(customerId) as { starts_at: string; status: string; procedure: string }[])
      : null,
    packages: tableExists(db, 'package_movements')
      ? (db
          .statement(
            `SELECT p.name AS procedure, sum(m.sessions) AS sessions FROM package_movements m JOIN products p ON p.id = m.procedure_product_id
             WHERE m.customer_id = ? GROUP BY m.procedure_product_id`,
          )
          .all(customerId) as { procedure: string; sessions: number }[])
      : null,
    lead_origin: tableExists(db, 'leads')
      ? ((
          db.statement('SELECT origin FROM leads WHERE customer_id = ? ORDER BY created_at LIMIT 1').get(customerId) as
            { origin: string } | undefined
        )?.origin ?? null)
      : null,
  };
}
