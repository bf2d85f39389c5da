import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { openStoreWithCatalog } from '../../test/sales-fixtures';

/**
 * The counter asks once per sale whether any commission rule is active (issue 9 item 14); the
 * rate copied onto a line must still be the most specific rule when one is, and the
 * salesperson's default (3.5 % = 350 bp for V01) when none is — including after a rule is
 * switched off.
 */
describe('the commission rate a counter sale copies onto its lines', () => {
  it('is the default without rules, the active rule with one, the default again once it is off', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    let n = 0;
    const sell = () => {
      const sale = expectOk(
        app.dispatch(
          'sales.register',
          {
            external_id: `S-COM-${++n}`,
            salesperson_external_id: 'V01',
            items: [
              { variant_external_id: 'LIMP-PELE', qty: 1 },
              { variant_external_id: 'MEIA-01', qty: 1 },
            ],
            payments: [{ method: 'pix', amount: 16990 }],
          },
          session,
        ),
      );
      return app.db.raw
        .prepare('SELECT commission_rate_bp, commission_cents FROM sale_items WHERE sale_id = ? ORDER BY line_no')
        .all(sale.sale_id);
    };
    const rule = (active: boolean) =>
      expectOk(
        app.dispatch(
          'commissionRules.set',
          { scope: 'category', target_external_id: 'Estética', rate: 10, active },
          session,
        ),
      );

    expect(sell()).toEqual([
      { commission_rate_bp: 350, commission_cents: 525 },
      { commission_rate_bp: 350, commission_cents: 70 },
    ]);
    rule(true);
    expect(sell()).toEqual([
      { commission_rate_bp: 1000, commission_cents: 1500 },
      { commission_rate_bp: 350, commission_cents: 70 },
    ]);
    rule(false);
    expect(sell()).toEqual([
      { commission_rate_bp: 350, commission_cents: 525 },
      { commission_rate_bp: 350, commission_cents: 70 },
    ]);
  });
});
