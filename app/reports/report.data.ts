import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { computeKpis, type Kpis } from '../analytics/kpis';
import { keptMovement, monthEnd, monthlyRun, movementMatrix, previousMonth, type Movement } from '../analytics/runs';
import { keeperFor } from '../analytics/run-keeper';
import { SEGMENTS, SEGMENT_LABELS, type Segment } from '../analytics/rfm';
import { addDays, localDate } from '../analytics/tz';
import { homeStore } from './report.store';
import {
  categoryMargins,
  commissionLines,
  locationKpis,
  salesNet,
  topProducts,
  withLedger,
  type CategoryMargin,
  type CommissionLine,
  type ProductLine,
} from './report.finance';
import {
  agendaSection,
  leadsSection,
  localDateTime,
  type AgendaSection,
  type LeadsSection,
  type RealizedAppointment,
} from './report.people';
import { readLogo, type Logo } from './report.logo';

export interface CashClosingLine {
  number: number;
  register: string;
  store: string;
  /** Local `YYYY-MM-DD HH:MM`. */
  closed_at: string;
  expected_cents: number;
  counted_cents: number;
  difference_cents: number;
}

export interface RfmSection {
  month: string;
  previous_month: string;
  distribution: { segment: Segment; label: string; count: number }[];
  movement: Movement;
  /** Customers who changed segment since last month, largest flows first. */
  moves: { from: string; to: string; count: number }[];
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  /** Local `YYYY-MM-DD HH:MM` of generation (store zone). */
  generated_at: string;
  store: { name: string; cnpj: string | null; address: string | null; city: string | null };
  location: { id: string; code: string; name: string } | null;
  logo: Logo | null;
  kpis: Kpis;
  /** Before discounts: Σ the period's sale lines + discounts (centavos). */
  gross: number;
  top_products: ProductLine[];
  commissions: CommissionLine[];
  category_margins: CategoryMargin[];
  cash_closings: CashClosingLine[];
  rfm: RfmSection;
  agenda: AgendaSection | null;
  leads: LeadsSection | null;
  realized: RealizedAppointment[];
}

/** The store's locations (`stores` rows), for the screen's picker and `--location`. */
export function resolveLocation(ctx: Context, ref: string | undefined): MonthlyReport['location'] {
  if (!ref) return null;
  const row = ctx.db.statement('SELECT id, code, name FROM stores WHERE id = ? OR code = ? LIMIT 1').get(ref, ref) as
    { id: string; code: string; name: string } | undefined;
  if (!row) {
    throw new AppError('location_not_found', `Location ${ref} not found`, `Loja/unidade não encontrada: ${ref}.`);
  }
  return row;
}

function cashClosings(ctx: Context, from: string, to: string, store: string | null, zone: string): CashClosingLine[] {
  const rows = ctx.db
    .statement(
      `SELECT cc.number, r.name AS register, st.name AS store, cc.closed_at, cc.expected_cash_cents, cc.counted_cash_cents,
         cc.difference_cents, st.timezone
       FROM cash_closings cc JOIN registers r ON r.id = cc.register_id JOIN stores st ON st.id = r.store_id
       WHERE cc.closed_at >= ? AND cc.closed_at < ? AND (? IS NULL OR r.store_id = ?)
       ORDER BY cc.closed_at, cc.number`,
    )
    .all(`${addDays(from, -1)}T00:00`, `${addDays(to, 2)}T00:00`, store, store) as {
    number: number;
    register: string;
    store: string;
    closed_at: string;
    expected_cash_cents: number;
    counted_cash_cents: number;
    difference_cents: number;
    timezone: string | null;
  }[];
  return rows
    .filter((r) => {
      const d = localDate(r.closed_at, r.timezone ?? zone);
      return d >= from && d <= to;
    })
    .map((r) => ({
      number: r.number,
      register: r.register,
      store: r.store,
      closed_at: localDateTime(r.closed_at, r.timezone ?? zone),
      expected_cents: r.expected_cash_cents,
      counted_cents: r.counted_cash_cents,
      difference_cents: r.difference_cents,
    }));
}

/**
 * The month's RFM distribution and the movements since the previous month (analytics' monthly
 * runs: a closed month's run is kept the first time, so the report says the same later).
 */
function rfmSection(ctx: Context, month: string, today: string): RfmSection {
  const before = previousMonth(month);
  const closed = monthEnd(month) < today;
  const keepInto = closed ? keeperFor(ctx.db) : undefined;
  const now = ctx.clock.now().toISOString();
  const movement =
    (closed ? keptMovement(ctx.db, before, month) : null) ??
    movementMatrix(
      ctx.db,
      monthlyRun(ctx.db, before, { keepInto: monthEnd(before) < today ? keeperFor(ctx.db) : undefined, now }),
      monthlyRun(ctx.db, month, { keepInto, now }),
    );
  const distribution = SEGMENTS.map((segment) => ({
    segment,
    label: SEGMENT_LABELS[segment],
    count: SEGMENTS.reduce((n, from) => n + movement[from][segment], 0),
  }));
  const moves: RfmSection['moves'] = [];
  for (const from of SEGMENTS) {
    for (const to of SEGMENTS) {
      const count = movement[from][to];
      if (from !== to && count > 0) moves.push({ from: SEGMENT_LABELS[from], to: SEGMENT_LABELS[to], count });
    }
  }
  moves.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from, 'pt-BR'));
  return { month, previous_month: before, distribution, movement, moves };
}

/**
 * Everything the monthly report shows for `month` (YYYY-MM), optionally one location (`stores`
 * id or code): money by the analytics issue's definitions (report.finance.ts), cash closings of
 * the month, RFM and its movements, agenda and realized appointments (of the location's
 * professionals when a location is asked), leads (always store-wide: leads have no location).
 * Reads only, except keeping a closed month's RFM run.
 */
export function monthlyReportData(ctx: Context, month: string, locationRef?: string): MonthlyReport {
  const store = homeStore(ctx.db);
  const zone = store?.timezone ?? 'America/Sao_Paulo';
  const location = resolveLocation(ctx, locationRef);
  const loc = location?.id ?? null;
  const from = `${month}-01`;
  const to = monthEnd(month);
  const nowIso = ctx.clock.now().toISOString();
  return withLedger(ctx.db, from, to, loc, () => {
    // Store-wide, the KPIs are the Dashboard's own, read from the day cache (tested equal to
    // `locationKpis(…, null)`): ~30 ms instead of walking the ledger of two months (~2.5 s at 55,000 sales).
    const kpis = loc === null ? computeKpis(ctx.db, from, to, keeperFor(ctx.db)) : locationKpis(ctx.db, from, to, loc);
    const people = agendaSection(ctx, from, to, loc);
    return {
      month,
      from,
      to,
      generated_at: localDateTime(nowIso, zone),
      store: {
        name: store?.name ?? '',
        cnpj: store?.cnpj ?? null,
        address: store?.address ?? null,
        city: store?.city ?? null,
      },
      location,
      logo: readLogo(ctx.db, loc),
      kpis,
      gross: salesNet(ctx.db, from, to, loc) + kpis.discounts,
      top_products: topProducts(ctx.db, from, to, loc, 20),
      commissions: commissionLines(ctx.db, from, to, loc),
      category_margins: categoryMargins(ctx.db, from, to, loc),
      cash_closings: cashClosings(ctx, from, to, loc, zone),
      rfm: rfmSection(ctx, month, localDate(nowIso, zone)),
      agenda: people?.agenda ?? null,
      leads: leadsSection(ctx, from, to),
      realized: people?.realized ?? [],
    };
  });
}
