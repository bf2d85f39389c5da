import { describe, expect, it } from 'vitest';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';

/** The catalog of the sales fixtures plus round-priced products: R$ 10,00 and R$ 47,00. */
async function counter() {
  const { app, session } = await openStoreWithCatalog();
  for (const [sku, price] of [
    ['P10', 1000],
    ['P47', 4700],
  ] as const) {
    applyOk(app, session, 'upsert_product', {
      external_id: sku,
      name: `Produto ${sku}`,
      category: 'Roupas',
      kind: 'goods',
      unit_price: price,
      unit_cost: 100,
    });
  }
  const customerId = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").pluck().get() as string;
  return { app, session, customerId };
}

const sell = (app: Balcao, session: Session, id: string, sku: string, payments: object[], extra: object = {}) =>
  app.dispatch(
    'sales.register',
    { external_id: id, items: [{ variant_external_id: sku, qty: 1 }], payments, ...extra },
    session,
  );

const summary = (app: Balcao, session: Session) => expectOk(app.dispatch('cash.summary', {}, session));
const balances = (app: Balcao, session: Session, customerId: string) => {
  const c = expectOk(app.dispatch('customers.get', { customer_id: customerId }, session));
  return { store_credit_cents: c.store_credit_cents, loyalty_points: c.loyalty_points };
};

describe('cash refunds reach the drawer (issue 8 item 1)', () => {
  it('open R$ 100,00, sell R$ 10,00 in cash, return it "original": expects R$ 100,00 and closes without shortage', async () => {
    const { app, session } = await counter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, session));
    expectOk(sell(app, session, 'V-1', 'P10', [{ method: 'dinheiro', amount: 1000 }]));
    expect(summary(app, session).expected_cash_cents).toBe(11000);
    expectOk(
      app.dispatch(
        'sales.return',
        {
          reference_external_id: 'V-1',
          items: [{ variant_external_id: 'P10', qty: 1 }],
          reason: 'não serviu',
          condition: 'revenda',
          refund_method: 'original',
        },
        session,
      ),
    );
    expect(summary(app, session)).toMatchObject({ cash_refunds_cents: 1000, expected_cash_cents: 10000 });
    const closing = expectOk(app.dispatch('cash.close', { counted_cash_cents: 10000, counted_other: {} }, session));
    expect(closing.report).toMatchObject({
      expected_cash_cents: 10000,
      counted_cash_cents: 10000,
      difference_cents: 0,
      cash_refunds_cents: 1000,
      approved_by: null,
    });
  });

  it('gives back the cash of a cancelled cash sale, and only the cash part of a mixed "original" return', async () => {
    const { app, session } = await counter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, session));
    expectOk(sell(app, session, 'V-1', 'P10', [{ method: 'dinheiro', amount: 2000 }]));
    expectOk(app.dispatch('sales.cancel', { reference_external_id: 'V-1', reason: 'desistiu' }, session));
    expect(summary(app, session)).toMatchObject({
      cash_received_cents: 2000,
      change_given_cents: 1000,
      cash_refunds_cents: 1000,
      expected_cash_cents: 10000,
    });
    // R$ 47,00 paid R$ 20,00 in cash and R$ 27,00 by PIX, returned in full "original":
    // R$ 20,00 leaves the drawer, R$ 27,00 goes back by PIX.
    expectOk(
      sell(app, session, 'V-2', 'P47', [
        { method: 'pix', amount: 2700 },
        { method: 'dinheiro', amount: 2000 },
      ]),
    );
    expectOk(
      app.dispatch(
        'sales.return',
        {
          reference_external_id: 'V-2',
          items: [{ variant_external_id: 'P47', qty: 1 }],
          reason: 'defeito',
          condition: 'avariado',
          refund_method: 'original',
        },
        session,
      ),
    );
    expect(summary(app, session)).toMatchObject({ cash_refunds_cents: 3000, expected_cash_cents: 10000 });
    const row = app.db.raw.prepare('SELECT refund_cents, cash_refund_cents, store_credit_cents FROM returns').get();
    expect(row).toEqual({ refund_cents: 4700, cash_refund_cents: 2000, store_credit_cents: 0 });
  });

  it('refuses a cash refund at the counter with no open caixa, unchanged; an import records it without a drawer', async () => {
    const { app, session } = await counter();
    applyOk(app, session, 'register_sale', saleData({ payments: [{ method: 'dinheiro', amount: 34960 }] }));
    const before = dumpContent(app.db);
    const ret = {
      reference_external_id: 'S-1',
      items: [{ variant_external_id: 'MEIA-01', qty: 1 }],
      reason: 'troca',
      condition: 'revenda',
      refund_method: 'original',
    };
    for (const op of ['sales.return', 'sales.cancel'] as const) {
      const refused = app.dispatch(op, { ...ret, reason: 'cliente desistiu' }, session);
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'cash_refund_needs_open_cash',
          message: 'Para devolver dinheiro ao cliente, abra o caixa deste terminal primeiro.',
        },
      });
    }
    expect(dumpContent(app.db)).toEqual(before);
    applyOk(app, session, 'register_return', ret);
    const row = app.db.raw.prepare('SELECT cash_refund_cents, cash_session_id FROM returns').get();
    // MEIA-01 line: 3 × R$ 19,90 less its share of the R$ 10,00 order discount = R$ 58,04.
    expect(row).toEqual({ cash_refund_cents: 1935, cash_session_id: null });
  });
});

describe('every tender stored as given (issue 8 item 3)', () => {
  it('Dinheiro R$ 50,00 + dinheiro R$ 2,00 on R$ 47,00: R$ 52,00 received and R$ 5,00 change everywhere', async () => {
    const { app, session } = await counter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, session));
    const sold = expectOk(
      sell(app, session, 'V-1', 'P47', [
        { method: 'dinheiro', amount: 5000 },
        { method: 'dinheiro', amount: 200 },
      ]),
    );
    expect(sold).toMatchObject({ total_cents: 4700, paid_cents: 4700, change_cents: 500 });
    const detail = expectOk(app.dispatch('sales.get', { external_id: 'V-1' }, session));
    expect(detail.change_cents).toBe(500);
    expect(detail.payments.map((p) => [p.method, p.tendered_cents, p.amount_cents, p.change_cents])).toEqual([
      ['dinheiro', 5000, 4700, 300],
      ['dinheiro', 200, 0, 200],
    ]);
    expect(detail.payments.reduce((a, p) => a + p.tendered_cents, 0)).toBe(5200);
    expect(summary(app, session)).toMatchObject({
      cash_received_cents: 5200,
      change_given_cents: 500,
      expected_cash_cents: 14700,
      totals_by_method: { dinheiro: 4700 },
    });
  });
});

describe('reversals restore every balance the sale moved (issue 8 item 2)', () => {
  it('a sale paid with R$ 10,00 of store credit and then cancelled gives the R$ 10,00 back', async () => {
    const { app, session, customerId } = await counter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    expectOk(sell(app, session, 'V-1', 'P10', [{ method: 'pix', amount: 1000 }], { customer_id: customerId }));
    const credit = {
      reference_external_id: 'V-1',
      items: [{ variant_external_id: 'P10', qty: 1 }],
      reason: 'troca',
      condition: 'revenda',
      refund_method: 'credito_loja',
    };
    expectOk(app.dispatch('sales.return', credit, session));
    expect(balances(app, session, customerId)).toEqual({ store_credit_cents: 1000, loyalty_points: 0 });
    expectOk(sell(app, session, 'V-2', 'P10', [{ method: 'credito_loja', amount: 1000 }], { customer_id: customerId }));
    expect(balances(app, session, customerId).store_credit_cents).toBe(0);
    expectOk(app.dispatch('sales.cancel', { reference_external_id: 'V-2', reason: 'desistiu' }, session));
    expect(balances(app, session, customerId).store_credit_cents).toBe(1000);
    // Spent again and returned "original": the credit comes back as credit, not as cash.
    expectOk(sell(app, session, 'V-3', 'P10', [{ method: 'credito_loja', amount: 1000 }], { customer_id: customerId }));
    expectOk(
      app.dispatch('sales.return', { ...credit, reference_external_id: 'V-3', refund_method: 'original' }, session),
    );
    expect(balances(app, session, customerId).store_credit_cents).toBe(1000);
    expect(summary(app, session).cash_refunds_cents).toBe(0);
  });

  it('a full return of a sale that earned 1,000 points takes the 1,000 points back; a partial one its share', async () => {
    const { app, session, customerId } = await counter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    const items = [
      { variant_external_id: 'P10', qty: 2 },
      { variant_external_id: 'P47', qty: 1 },
    ];
    const sale = { external_id: 'V-1', customer_id: customerId, items, payments: [{ method: 'pix', amount: 6700 }] };
    expectOk(app.dispatch('sales.register', sale, session));
    applyOk(app, session, 'process_loyalty_points', {
      customer_external_id: 'C01',
      operation: 'earn',
      points: 1000,
      reference_external_id: 'V-1',
    });
    const back = (sku: string, qty: number) =>
      expectOk(
        app.dispatch(
          'sales.return',
          {
            reference_external_id: 'V-1',
            items: [{ variant_external_id: sku, qty }],
            reason: 'troca',
            condition: 'revenda',
            refund_method: 'original',
          },
          session,
        ),
      );
    back('P10', 1); // R$ 10,00 of R$ 67,00: 1000 × 10 / 67 = 149,25 → 149 points
    expect(balances(app, session, customerId).loyalty_points).toBe(851);
    back('P47', 1); // R$ 57,00 of R$ 67,00 returned: 851 → 149 points left
    expect(balances(app, session, customerId).loyalty_points).toBe(149);
    back('P10', 1); // everything returned: all 1,000 points gone
    expect(balances(app, session, customerId)).toEqual({ store_credit_cents: 0, loyalty_points: 0 });
  });

  it('restores points redeemed on a cancelled sale', async () => {
    const { app, session, customerId } = await counter();
    applyOk(app, session, 'process_loyalty_points', { customer_external_id: 'C01', operation: 'earn', points: 500 });
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-9', payments: [] }));
    applyOk(app, session, 'process_loyalty_points', {
      customer_external_id: 'C01',
      operation: 'redeem',
      points: 200,
      reference_external_id: 'S-9',
    });
    expect(balances(app, session, customerId).loyalty_points).toBe(300);
    applyOk(app, session, 'register_cancellation', { reference_external_id: 'S-9', reason: 'desistiu' });
    expect(balances(app, session, customerId).loyalty_points).toBe(500);
    expect(
      apply(app, session, 'register_cancellation', { reference_external_id: 'S-9', reason: 'de novo' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'already_cancelled' },
    });
  });
});
