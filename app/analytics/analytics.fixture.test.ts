import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { tempDbPath } from '../../test/helpers';
import { openFixtureStore } from './analytics.fixture';
import { keptMovement, movementMatrix, monthlyRun } from './runs';

/**
 * Issue 13's hand-computed fixture (see analytics.fixture.ts for the store). Every expected
 * number below was computed by hand from the definitions, not by the code under test.
 *
 * RFM as of 2026-10-31, N = 10 scored customers (C11 only cancelled, C12 only unpaid, C13 only
 * outside the window: sem_compras). Score = 1 + floor(5 × L / N):
 *  recency (days): C01 0, C02 0 (its 23:30 sale is Oct 31 locally), C06 1 (Manaus 23:30 Oct 30),
 *    C03 6, C09 30, C05 46, C10 183, C07 244, C08 289, C04 364 (2025-11-01 in; 2025-10-31 out)
 *    → L by −recency: C04 0, C08 1, C07 2, C10 3, C05 4, C09 5, C03 6, C06 7, C01 8, C02 8
 *  frequency: 1 ×3 (L 0 → 1), 2 ×2 (L 3 → 2), 3 ×2 (L 5 → 3), 4 ×3 (L 7 → 4)
 *  monetary: C01 39 000 (R$ 10 off S02), C02 40 000, C07 40 000, C03 30 000 (S10 20 000 − 10 000
 *    refunded), C05 30 000, C09 20 000 (S24 20 000 − 10 000), C06 20 000, C10 20 000, C04, C08 10 000
 */
const RFM_2026_10_31 = [
  {
    customer_external_id: 'C01',
    recency_days: 0,
    frequency: 4,
    monetary: 39000,
    r: 5,
    f: 4,
    m: 4,
    segment: 'campeoes',
  },
  {
    customer_external_id: 'C02',
    recency_days: 0,
    frequency: 4,
    monetary: 40000,
    r: 5,
    f: 4,
    m: 5,
    segment: 'campeoes',
  },
  { customer_external_id: 'C03', recency_days: 6, frequency: 3, monetary: 30000, r: 4, f: 3, m: 3, segment: 'fieis' },
  {
    customer_external_id: 'C04',
    recency_days: 364,
    frequency: 1,
    monetary: 10000,
    r: 1,
    f: 1,
    m: 1,
    segment: 'perdidos',
  },
  { customer_external_id: 'C05', recency_days: 46, frequency: 3, monetary: 30000, r: 3, f: 3, m: 3, segment: 'fieis' },
  {
    customer_external_id: 'C06',
    recency_days: 1,
    frequency: 1,
    monetary: 20000,
    r: 4,
    f: 1,
    m: 2,
    segment: 'oportunistas',
  },
  {
    customer_external_id: 'C07',
    recency_days: 244,
    frequency: 4,
    monetary: 40000,
    r: 2,
    f: 4,
    m: 5,
    segment: 'em_risco',
  },
  {
    customer_external_id: 'C08',
    recency_days: 289,
    frequency: 1,
    monetary: 10000,
    r: 1,
    f: 1,
    m: 1,
    segment: 'perdidos',
  },
  {
    customer_external_id: 'C09',
    recency_days: 30,
    frequency: 2,
    monetary: 20000,
    r: 3,
    f: 2,
    m: 2,
    segment: 'oportunistas',
  },
  {
    customer_external_id: 'C10',
    recency_days: 183,
    frequency: 2,
    monetary: 20000,
    r: 2,
    f: 2,
    m: 2,
    segment: 'hibernando',
  },
];

/**
 * October 2026. Counted sales dated in October: V01 S01, S02 (9 000), S05, S06, S07, S09, S10
 * (20 000), S23, S27 = 99 000 in 9 sales; V02 S17 20 000. Reversals dated in October: S10's
 * return (10-10) 10 000, S24's return (10-03, a September sale) 10 000, S27's cancellation
 * (10-12) 10 000. S28 is unpaid: never counted.
 * Commission V01: 5% of 99 000 = 4 950 − 3 × 500 = 3 450; V02: 10% of 20 000 = 2 000.
 */
const COMMISSIONS_OCT = [
  { salesperson_external_id: 'V01', sales_count: 9, net_revenue: 69000, commission: 3450 },
  { salesperson_external_id: 'V02', sales_count: 1, net_revenue: 20000, commission: 2000 },
];

/** A: 10 sold − 3 reversed = 7; margin 6 000 × 10 − 1 000 (S02 discount) − 3 × 6 000 = 41 000 of 69 000 = 59,42%. */
const MARGINS_OCT = [
  { key: 'A', quantity: 7, net_revenue: 69000, margin: 41000, margin_pct: 59.42 },
  { key: 'B', quantity: 1, net_revenue: 20000, margin: 15000, margin_pct: 75 },
];

describe('analytics on the hand-computed fixture (issue 13)', () => {
  it('answers rfm, commissions, margins and kpis on the CLI exactly as computed by hand', async () => {
    const path = tempDbPath();
    const { app } = await openFixtureStore(path);
    app.close();
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([...args, '--db', path, '--json'], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      return JSON.parse(out.join('')) as unknown;
    };
    const rfm = (await cli('rfm', '--as-of', '2026-10-31')) as { customer_external_id: string }[];
    expect([...rfm].sort((a, b) => a.customer_external_id.localeCompare(b.customer_external_id))).toEqual(
      RFM_2026_10_31,
    );
    expect(await cli('commissions', '--from', '2026-10-01', '--to', '2026-10-31')).toEqual(COMMISSIONS_OCT);
    expect(await cli('margins', '--from', '2026-10-01', '--to', '2026-10-31')).toEqual(MARGINS_OCT);
    expect(await cli('margins', '--from', '2026-10-01', '--to', '2026-10-31', '--by', 'category')).toEqual([
      { key: 'Camisas', quantity: 7, net_revenue: 69000, margin: 41000, margin_pct: 59.42 },
      { key: 'Calças', quantity: 1, net_revenue: 20000, margin: 15000, margin_pct: 75 },
    ]);
    const kpis = (await cli('kpis', '--from', '2026-10-01', '--to', '2026-10-31')) as Record<string, unknown>;
    // purchases dated in October: S01 S02 S05 S06 S07 S09 S10 S23 S17 = 9, net values 99 000
    // (S10 counts 10 000): ticket 11 000; items 10 units / 9 = 1 111 thousandths.
    expect(kpis).toMatchObject({
      net_revenue: 89000,
      purchases: 9,
      ticket_medio: 11000,
      items_per_sale_milli: 1111,
      discounts: 1000,
      refunds: 30000,
      // September: S03, S14, S24 (20 000, partly returned in October) = 40 000; 3 purchases with
      // net values 30 000; 4 units / 3 = 1 333
      previous: {
        from: '2026-09-01',
        to: '2026-09-30',
        net_revenue: 40000,
        purchases: 3,
        ticket_medio: 10000,
        items_per_sale_milli: 1333,
        discounts: 0,
        refunds: 0,
      },
      variation_pct: {
        net_revenue: 122.5,
        purchases: 200,
        ticket_medio: 10,
        items_per_sale_milli: -16.7,
        discounts: null,
        refunds: null,
      },
      by_payment_method: [
        { method: 'pix', amount: 79000, count: 7 },
        { method: 'dinheiro', amount: 20000, count: 1 },
        { method: 'cartao_credito', amount: 10000, count: 1 },
        { method: 'credito_parcelado', amount: 10000, count: 1 },
      ],
    });
    expect(
      (kpis.by_location as { code: string; net_revenue: number; sales: number }[]).map((l) => [
        l.code,
        l.net_revenue,
        l.sales,
      ]),
    ).toEqual([
      ['LJ01', 69000, 9],
      ['LJ02', 20000, 1],
    ]);
    const byDay = Object.fromEntries(
      (kpis.by_day as { date: string; net_revenue: number }[]).map((d) => [d.date, d.net_revenue]),
    );
    // Oct 10: S07 + S27 − S10's return; Oct 12: S27 cancelled; Oct 3: S24's return; Oct 30: Manaus 23:30
    expect(byDay).toMatchObject({
      '2026-10-31': 20000,
      '2026-10-30': 20000,
      '2026-10-10': 10000,
      '2026-10-12': -10000,
      '2026-10-03': -10000,
    });
    expect(byDay['2026-11-01']).toBeUndefined();
    const byHour = Object.fromEntries(
      (kpis.by_hour as { hour: number; net_revenue: number; sales: number }[]).map((h) => [
        h.hour,
        [h.net_revenue, h.sales],
      ]),
    );
    expect(byHour).toEqual({ 12: [59000, 8], 23: [30000, 2] });
  });

  it('keeps monthly runs and counts the movement between September and October', async () => {
    const { app } = await openFixtureStore(tempDbPath());
    const now = '2026-11-30T12:00:00.000Z';
    const sept = monthlyRun(app.db, '2026-09', { keepInto: app.db, now });
    const oct = monthlyRun(app.db, '2026-10', { keepInto: app.db, now });
    // As of 2026-09-30, N = 9 (C06 had not bought yet): R by recency C04 333 → 1, C08 258 → 1,
    // C07 213 → 2, C10 152 → 2, C03 107 → 3, C02 91 → 3, C01 29 → 4, C05 15 → 4, C09 10 → 5;
    // F: 1 ×4 → 1, 2 ×3 (L 4) → 3, 3 (L 7) → 4, 4 (L 8) → 5. C04's 2025-10-31 purchase is inside.
    const segments = (rows: typeof sept) => Object.fromEntries(rows.map((r) => [r.customer_external_id, r.segment]));
    expect(segments(sept)).toEqual({
      C01: 'fieis',
      C02: 'oportunistas',
      C03: 'oportunistas',
      C04: 'em_risco',
      C05: 'campeoes',
      C07: 'em_risco',
      C08: 'perdidos',
      C09: 'oportunistas',
      C10: 'em_risco',
    });
    const m = movementMatrix(app.db, sept, oct);
    expect(m.fieis.campeoes).toBe(1); // C01
    expect(m.oportunistas.campeoes).toBe(1); // C02
    expect(m.oportunistas.fieis).toBe(1); // C03
    expect(m.em_risco.perdidos).toBe(1); // C04
    expect(m.campeoes.fieis).toBe(1); // C05
    expect(m.sem_compras.oportunistas).toBe(1); // C06
    expect(m.em_risco.em_risco).toBe(1); // C07
    expect(m.perdidos.perdidos).toBe(1); // C08
    expect(m.oportunistas.oportunistas).toBe(1); // C09
    expect(m.em_risco.hibernando).toBe(1); // C10
    expect(m.sem_compras.sem_compras).toBe(3); // C11, C12, C13
    expect(keptMovement(app.db, '2026-09', '2026-10')).toEqual(m);
    const total = Object.values(m).reduce((n, row) => n + Object.values(row).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(13);
    // Kept: a later return does not rewrite September's run.
    expect(
      (
        app.db.raw.prepare("SELECT count(*) AS n FROM analytics_rfm_runs WHERE as_of = '2026-09-30'").get() as {
          n: number;
        }
      ).n,
    ).toBe(9);
    app.close();
  });
});
