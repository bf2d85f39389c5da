import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { applyChanges } from '../sync/sync.apply';
import { openFixtureStore } from './analytics.fixture';
import { dashboardData } from './dashboard';
import { referenceKpis, referenceMoney } from '../../test/dashboard.reference';
import { missingRanges } from './day-cache';
import { ensureZoneOffsets } from './tz';

// "Today" is 2026-11-10 in São Paulo: every earlier day is kept in the day cache once asked for.
const NOW = new Date('2026-11-10T15:00:00.000Z');
const TODAY = '2026-11-10';
const PERIODS: [string, string][] = [
  ['2026-10-01', '2026-10-31'], // a month (previous: September)
  ['2026-09-15', '2026-10-20'], // days (previous: the 36 days before)
  ['2026-11-01', '2026-11-30'], // the current month, today live
  ['2025-06-01', TODAY], // every sale
];

function apply(app: Balcao, session: Session, action: string, data: Record<string, unknown>): void {
  const r = app.dispatch('sales.apply', { action, transaction_data: data }, session);
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
}

/** The dashboard's money over the day cache equals the ledger computed directly, field by field. */
function expectSameAsLedger(app: Balcao, label: string): void {
  for (const [from, to] of PERIODS) {
    const data = dashboardData(app.db, from, to, NOW, app.db);
    const ref = referenceMoney(app.db, from, to, TODAY);
    const at = `${label}, ${from}..${to}`;
    expect(data.kpis, `${at}: kpis`).toEqual(referenceKpis(app.db, from, to));
    expect(data.top_products, `${at}: top products`).toEqual(ref.topProducts);
    expect(data.top_customers, `${at}: top customers`).toEqual(ref.topCustomers);
    expect({ net_revenue: data.today.net_revenue, sales: data.today.sales }, `${at}: today`).toEqual(ref.today);
  }
}

function stored(app: Balcao, date: string): boolean {
  return app.db.raw.prepare('SELECT 1 FROM analytics_days WHERE local_date = ?').get(date) !== undefined;
}

function sale(id: string, at: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    external_id: id,
    customer_external_id: 'C05',
    salesperson_external_id: 'V01',
    location_external_id: 'LJ01',
    occurred_at: at,
    items: [{ variant_external_id: 'A', qty: 1 }],
    payments: [{ method: 'pix', amount: 10000 }],
    ...extra,
  };
}

/** The rows a sale made here would have, captured and rolled back: a sale "made on another desktop". */
function foreignSale(
  app: Balcao,
  session: Session,
  data: Record<string, unknown>,
): Record<string, Record<string, unknown>[]> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  try {
    app.db.transaction(() => {
      apply(app, session, 'register_sale', data);
      const id = app.db.raw.prepare('SELECT id FROM sales WHERE external_id = ?').pluck().get(data.external_id);
      for (const [table, column] of [
        ['sales', 'id'],
        ['sale_items', 'sale_id'],
        ['payments', 'sale_id'],
      ] as const) {
        rows[table] = app.db.raw.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`).all(id) as Record<
          string,
          unknown
        >[];
      }
      throw new Error('roll back');
    });
  } catch (error) {
    if (!(error instanceof Error) || error.message !== 'roll back') throw error;
  }
  return rows;
}

describe('day cache (device 0026): the dashboard in under 500 ms, the same numbers', () => {
  it('answers exactly as the ledger through every write path, forgetting the days each write touches', async () => {
    const { app, session } = await openFixtureStore(tempDbPath());
    // More shapes of data: split payments in Manaus, a sale without a customer, a sale today.
    apply(app, session, 'register_sale', {
      ...sale('X01', '2026-10-08T15:00:00-04:00', { location_external_id: 'LJ02', salesperson_external_id: 'V02' }),
      items: [{ variant_external_id: 'B', qty: 1 }],
      payments: [
        { method: 'pix', amount: 5000 },
        { method: 'dinheiro', amount: 15000 },
      ],
    });
    apply(app, session, 'register_sale', {
      ...sale('X02', '2026-10-09T10:00:00-03:00'),
      customer_external_id: undefined,
    });
    apply(app, session, 'register_sale', sale('X03', '2026-11-10T09:00:00-03:00'));

    expectSameAsLedger(app, 'first time (days computed and kept)');
    expect(
      app.db.raw.prepare("SELECT count(*) FROM analytics_days WHERE local_date LIKE '2026-10-%'").pluck().get(),
    ).toBe(31);
    expect(stored(app, '2026-11-09')).toBe(true);
    expect(stored(app, TODAY)).toBe(false); // today stays live
    expectSameAsLedger(app, 'from the cache');

    // A return dated Oct 20 of S23 (Oct 1): the return's day is forgotten.
    apply(app, session, 'register_return', {
      reference_external_id: 'S23',
      occurred_at: '2026-10-20T12:00:00-03:00',
      items: [{ variant_external_id: 'A', qty: 1 }],
      reason: 'Defeito',
      condition: 'avariado',
      refund_method: 'original',
    });
    expect([stored(app, '2026-10-20'), stored(app, '2026-10-01')]).toEqual([false, false]);
    expectSameAsLedger(app, 'after a return on a closed day');

    // A cancellation on Oct 21 of S07 (Oct 10).
    apply(app, session, 'register_cancellation', {
      reference_external_id: 'S07',
      reason: 'Erro',
      occurred_at: '2026-10-21T12:00:00-03:00',
    });
    expect([stored(app, '2026-10-21'), stored(app, '2026-10-10')]).toEqual([false, false]);
    expectSameAsLedger(app, 'after a cancellation');

    // S09 (Oct 25) fully refunded on Nov 5: October's purchases drop, its revenue does not.
    apply(app, session, 'register_return', {
      reference_external_id: 'S09',
      occurred_at: '2026-11-05T12:00:00-03:00',
      items: [{ variant_external_id: 'A', qty: 1 }],
      reason: 'Troca',
      condition: 'revenda',
      refund_method: 'original',
    });
    expect([stored(app, '2026-10-25'), stored(app, '2026-11-05')]).toEqual([false, false]);
    expectSameAsLedger(app, 'after a full refund a month later');

    // S28 (Oct 12, never paid) paid on Nov 3: it now counts on Oct 12.
    apply(app, session, 'register_payment', {
      reference_external_id: 'S28',
      method: 'cartao_credito',
      installments: 2,
      amount: 10000,
      occurred_at: '2026-11-03T12:00:00-03:00',
    });
    expect(stored(app, '2026-10-12')).toBe(false);
    expectSameAsLedger(app, 'after a late payment');

    // An open sale on Oct 14, a discount given later, then paid.
    apply(
      app,
      session,
      'register_sale',
      sale('X04', '2026-10-14T11:00:00-03:00', { payments: [{ method: 'pix', amount: 4000 }] }),
    );
    expectSameAsLedger(app, 'open sale');
    apply(app, session, 'apply_discount', { reference_external_id: 'X04', discount_amount: 1000 });
    apply(app, session, 'register_payment', { reference_external_id: 'X04', method: 'dinheiro', amount: 5000 });
    expectSameAsLedger(app, 'after a later discount and the rest paid');

    // A sale from another desktop arriving through sync, table by table: 23:30 on Oct 5 in São Paulo.
    const rows = foreignSale(app, session, sale('SYNC1', '2026-10-06T02:30:00.000Z'));
    expect(app.db.raw.prepare("SELECT 1 FROM sales WHERE external_id = 'SYNC1'").get()).toBeUndefined();
    for (const table of ['sales', 'sale_items', 'payments'] as const) {
      app.db.transaction(() =>
        applyChanges(
          app.db,
          { table, kind: 'fact', key: 'id' },
          (rows[table] ?? []).map((value) => ({ operation: 'insert' as const, value })),
          NOW.toISOString(),
        ),
      );
      expect(stored(app, '2026-10-05'), `after ${table}`).toBe(false);
      expectSameAsLedger(app, `sync page ${table}`);
    }

    // LJ02 moves to São Paulo's zone: every day may have moved, all are forgotten.
    apply(app, session, 'upsert_location', { external_id: 'LJ02', name: 'Loja Manaus', timezone: 'America/Sao_Paulo' });
    ensureZoneOffsets(app.db);
    expect(app.db.raw.prepare('SELECT count(*) FROM analytics_days').pluck().get()).toBe(0);
    expectSameAsLedger(app, 'after a change of zone');
    app.close();
  }, 240_000);

  it('without a writable connection computes the missing days live and stores nothing', async () => {
    const { app } = await openFixtureStore(tempDbPath());
    app.db.raw.exec('DELETE FROM analytics_days');
    const data = dashboardData(app.db, '2026-10-01', '2026-10-31', NOW);
    expect(data.kpis).toEqual(referenceKpis(app.db, '2026-10-01', '2026-10-31'));
    expect(app.db.raw.prepare('SELECT count(*) FROM analytics_days').pluck().get()).toBe(0);
    app.close();
  }, 60_000);

  it('finds the runs of missing dates', () => {
    const have = new Set(['2026-10-02', '2026-10-03', '2026-10-06']);
    expect(missingRanges('2026-10-01', '2026-10-07', have)).toEqual([
      ['2026-10-01', '2026-10-01'],
      ['2026-10-04', '2026-10-05'],
      ['2026-10-07', '2026-10-07'],
    ]);
    expect(missingRanges('2026-10-02', '2026-10-03', have)).toEqual([]);
  });
});
