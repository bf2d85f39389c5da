import type { Db } from '../db/db';
import { kpisOf, previousPeriod, type Kpis } from './kpis';
import { periodAggregates, type PeriodAggregates } from './day-cache';
import { keptMovement, movementMatrix, monthlyRun, previousMonth, type Movement } from './runs';
import { SEGMENTS, SEGMENT_LABELS, type Segment } from './rfm';
import { localDate } from './tz';
import { overdueTasks } from '../leads/leads.queries';

/** True when the table exists (leads and the agenda arrive with their own issues). */
export function tableExists(db: Db, name: string): boolean {
  return db.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The zone of the first location: "today" of the dashboard. */
export function mainZone(db: Db): string {
  const row = db.statement('SELECT timezone FROM stores ORDER BY created_at, id LIMIT 1').get() as
    { timezone: string } | undefined;
  return row?.timezone ?? 'America/Sao_Paulo';
}

export interface DashboardData {
  today: {
    date: string;
    net_revenue: number;
    sales: number;
    appointments: number | null;
    new_leads: number | null;
    conversions: number | null;
    next_appointments: { starts_at: string; customer_name: string; procedure: string; status: string }[] | null;
  };
  kpis: Kpis;
  lead_funnel: { stage: string; label: string; count: number }[] | null;
  top_products: {
    key: string;
    name: string;
    kind: string;
    quantity_milli: number;
    net_revenue: number;
    margin_cents: number;
  }[];
  top_customers: { customer_id: string; name: string; purchases: number; net_revenue: number }[];
  /** Open lead tasks past due, per assignee (issue 12: "on the Leads screen and the dashboard"); null without leads. */
  overdue_tasks: OverdueByUser[] | null;
  rfm: {
    month: string;
    previous_month: string;
    distribution: { segment: Segment; label: string; count: number }[];
    movement: Movement;
  };
}

export interface OverdueByUser {
  user_id: string | null;
  user_name: string | null;
  count: number;
  oldest_due_at: string;
  /** The user's oldest five. */
  tasks: { id: string; lead_id: string; lead_name: string; body: string; due_at: string }[];
}

const LEAD_STAGES: [string, string][] = [
  ['novo', 'Novos'],
  ['contatado', 'Contatados'],
  ['interessado', 'Interessados'],
  ['agendado', 'Agendados'],
  ['convertido', 'Convertidos'],
];

/**
 * Everything the Dashboard shows for local dates [from, to] (`now` decides "today" and the last
 * closed month of the RFM distribution). Runs of closed months are kept through `keepInto`.
 */
export function dashboardData(db: Db, from: string, to: string, now: Date, keepInto?: Db): DashboardData {
  const today = localDate(now.toISOString(), mainZone(db));
  // Day aggregates (day-cache.ts): closed days stored, the rest (today) computed live.
  const todayTotals = { net: 0, sales: 0 };
  for (const g of periodAggregates(db, today, today, [], { keepInto, before: today }).groups) {
    todayTotals.net += g.net;
    todayTotals.sales += g.sales;
  }
  const prev = previousPeriod(from, to);
  const current = periodAggregates(db, from, to, ['payments', 'products', 'top_customers'], {
    keepInto,
    before: today,
  });
  const previous = periodAggregates(db, prev.from, prev.to, [], { keepInto, before: today });
  const closed = previousMonth(today.slice(0, 7));
  const before = previousMonth(closed);
  const nowIso = now.toISOString();
  const movement =
    keptMovement(db, before, closed) ??
    movementMatrix(
      db,
      monthlyRun(db, before, { keepInto, now: nowIso }),
      monthlyRun(db, closed, { keepInto, now: nowIso }),
    );
  const distribution = SEGMENTS.map((segment) => ({
    segment,
    label: SEGMENT_LABELS[segment],
    count: Object.values(movement).reduce((n, row) => n + row[segment], 0),
  }));
  return {
    today: { date: today, net_revenue: todayTotals.net, sales: todayTotals.sales, ...agendaToday(db, today, nowIso) },
    kpis: kpisOf(db, { from, to, aggregates: current }, { ...prev, aggregates: previous }),
    lead_funnel: leadFunnel(db, from, to),
    top_products: topProducts(db, current.products),
    top_customers: current.top_customers,
    overdue_tasks: tableExists(db, 'lead_activities') ? overdueByUser(db, nowIso) : null,
    rfm: { month: closed, previous_month: before, distribution, movement },
  };
}

/**
 * Overdue lead tasks (open, due before `nowIso`) grouped by assignee, most tasks first, then by
 * name; unassigned tasks are one group with user_id null. Reads at most the 500 oldest
 * (`overdueTasks` of app/leads).
 */
export function overdueByUser(db: Db, nowIso: string): OverdueByUser[] {
  const groups = new Map<string, OverdueByUser>();
  for (const t of overdueTasks(db, nowIso, undefined)) {
    const key = t.assigned_to ?? '';
    let g = groups.get(key);
    if (!g) {
      g = { user_id: t.assigned_to, user_name: t.assigned_name, count: 0, oldest_due_at: t.due_at ?? '', tasks: [] };
      groups.set(key, g);
    }
    g.count++;
    if (g.tasks.length < 5) {
      g.tasks.push({ id: t.id, lead_id: t.lead_id, lead_name: t.lead_name, body: t.body, due_at: t.due_at ?? '' });
    }
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || (a.user_name ?? '\uffff').localeCompare(b.user_name ?? '\uffff', 'pt-BR'),
  );
}

function agendaToday(db: Db, today: string, nowIso: string) {
  const leads = tableExists(db, 'leads');
  const agenda = tableExists(db, 'appointments');
  return {
    appointments: agenda ? countLocal(db, 'appointments', 'starts_at', today, "status <> 'cancelado'") : null,
    new_leads: leads ? countLocal(db, 'leads', 'created_at', today, '1 = 1') : null,
    conversions: leads ? countLocal(db, 'leads', 'converted_at', today, 'converted_at IS NOT NULL') : null,
    next_appointments: agenda
      ? (db
          .statement(
            `SELECT a.starts_at, c.name AS customer_name, p.name AS procedure, a.status FROM appointments a
             JOIN customers c ON c.id = a.customer_id JOIN products p ON p.id = a.product_id
             WHERE a.starts_at >= ? AND a.status IN ('pendente', 'confirmado') ORDER BY a.starts_at LIMIT 5`,
          )
          .all(nowIso) as NonNullable<DashboardData['today']['next_appointments']>)
      : null,
  };
}

/** Rows of a table whose instant column falls on a local date (main zone, ±1 day prefilter). */
function countLocal(db: Db, table: string, column: string, date: string, where: string): number {
  const zone = mainZone(db);
  const rows = db
    .statement(`SELECT ${column} AS at FROM ${table} WHERE ${column} >= ? AND ${column} < ? AND ${where}`)
    .all(`${shift(date, -1)}T00:00`, `${shift(date, 2)}T00:00`) as { at: string }[];
  return rows.filter((r) => localDate(r.at, zone) === date).length;
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function leadFunnel(db: Db, from: string, to: string): DashboardData['lead_funnel'] {
  if (!tableExists(db, 'leads')) return null;
  const rows = db
    .statement(
      `SELECT stage, count(*) AS n FROM leads WHERE merged_into IS NULL AND created_at >= ? AND created_at < ? GROUP BY stage`,
    )
    .all(`${from}T00:00`, `${shift(to, 1)}T06:00`) as { stage: string; n: number }[];
  const byStage = new Map(rows.map((r) => [r.stage, r.n]));
  // A funnel counts everyone who reached a stage or went further.
  let running = 0;
  const reached = [...LEAD_STAGES].reverse().map(([stage, label]) => {
    running += byStage.get(stage) ?? 0;
    return { stage, label, count: running };
  });
  return reached.reverse();
}

/**
 * The ten products of most net revenue (then key) from the period's per-variant sums; only
 * variants still in the catalog count (as the ledger's join did).
 */
function topProducts(db: Db, byVariant: PeriodAggregates['products']): DashboardData['top_products'] {
  return db
    .statement(
      `SELECT coalesce(p.external_id, p.id) AS key, p.name, p.kind, sum(json_extract(j.value, '$.qty_milli')) AS quantity_milli,
         sum(json_extract(j.value, '$.net')) AS net_revenue, sum(json_extract(j.value, '$.margin')) AS margin_cents
       FROM json_each(?) j JOIN variants v ON v.id = json_extract(j.value, '$.variant_id') JOIN products p ON p.id = v.product_id
       GROUP BY p.id ORDER BY net_revenue DESC, key LIMIT 10`,
    )
    .all(JSON.stringify(byVariant)) as DashboardData['top_products'];
}
