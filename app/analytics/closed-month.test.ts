import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers';
import { openFixtureStore } from './analytics.fixture';
import { computeCommissions } from './finance';
import { computeKpis } from './kpis';
import { computeRfm } from './rfm';
import { monthlyRun } from './runs';

/**
 * Issue 13's definitions, decided: a *purchase* is a sale whose status is aprovada, completa or
 * parcialmente_reembolsada, with no "as of" — a fully refunded sale is not a purchase, whenever
 * the refund happened. So a closed month's purchase count, ticket médio and items per sale, and
 * an RFM recomputed for a past reference date, follow a later full refund; money (net revenue,
 * refunds, commissions, margins) follows the date of each event and never changes for a closed
 * month; and the month's kept RFM run (segment movement) stays what the month said.
 */
describe('a closed month after a later full refund', () => {
  it('keeps its money and kept run, and counts one purchase fewer (status-based definition)', async () => {
    const { app, session } = await openFixtureStore(tempDbPath());
    const now = '2026-11-30T12:00:00.000Z';
    const keptOctober = monthlyRun(app.db, '2026-10', { keepInto: app.db, now });
    const commissions = computeCommissions(app.db, '2026-10-01', '2026-10-31');
    // S09 (C03, 2026-10-25, R$ 100,00 by card) fully returned on 2026-11-05.
    const r = app.dispatch(
      'sales.apply',
      {
        action: 'register_return',
        transaction_data: {
          reference_external_id: 'S09',
          occurred_at: '2026-11-05T12:00:00-03:00',
          items: [{ variant_external_id: 'A', qty: 1 }],
          reason: 'Troca',
          condition: 'revenda',
          refund_method: 'original',
        },
      },
      session,
    );
    expect(r.ok).toBe(true);

    // October (analytics.fixture.test.ts: net 89 000, 9 purchases, net values 99 000, 10 units):
    // money unchanged; purchases 8 with net values 89 000 → ticket 11 125; 9 units / 8 = 1 125.
    expect(computeKpis(app.db, '2026-10-01', '2026-10-31', app.db)).toMatchObject({
      net_revenue: 89000,
      refunds: 30000,
      purchases: 8,
      ticket_medio: 11125,
      items_per_sale_milli: 1125,
    });
    expect(computeCommissions(app.db, '2026-10-01', '2026-10-31')).toEqual(commissions);
    // November shows the reversal.
    expect(computeKpis(app.db, '2026-11-01', '2026-11-30', app.db)).toMatchObject({
      net_revenue: -10000,
      refunds: 10000,
      purchases: 0,
    });
    // RFM recomputed as of Oct 31: C03 has S10 (10-05, 10 000 after its return) and S11 left.
    const c03 = computeRfm(app.db, '2026-10-31').find((row) => row.customer_external_id === 'C03');
    expect(c03).toMatchObject({ recency_days: 26, frequency: 2, monetary: 20000 });
    // The kept October run is what October said: C03 with 3 purchases, R$ 300,00, fiel.
    const kept = monthlyRun(app.db, '2026-10', { keepInto: app.db, now }).find(
      (row) => row.customer_external_id === 'C03',
    );
    expect(kept).toMatchObject({ frequency: 3, monetary: 30000, segment: 'fieis' });
    expect(keptOctober.find((row) => row.customer_external_id === 'C03')).toEqual(kept);
    app.close();
  }, 60_000);
});
