import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, NOW, openStoreWithCatalog, saleData, stockMilli } from '../../test/sales-fixtures';
import { nfeKeyCheckDigit } from '../br/nfe-key';

const nfeKey = () => {
  const first43 = '3526110000000000019165001000000123100000012';
  return first43 + String(nfeKeyCheckDigit(first43));
};

const wrongCheckDigit = (key: string) => key.slice(0, 43) + String((Number(key.slice(43)) + 1) % 10);

describe('register_sale', () => {
  it('records lines that sum exactly, copies cost and commission, moves stock and fills the outbox', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = stockMilli(app, 'MEIA-01');
    const response = applyOk(app, session, 'register_sale', saleData());
    expect(response).toMatchObject({ action: 'register_sale', status: 'applied', external_id: 'S-1' });
    expect(response.result).toMatchObject({
      status: 'completa',
      total_cents: 34960,
      paid_cents: 34960,
      number: 'LJ01-EXT-000001',
    });
    const lines = app.db.raw.prepare('SELECT * FROM sale_items ORDER BY line_no').all() as Record<string, number>[];
    expect(lines.map((l) => l.order_discount_cents)).toEqual([834, 166]);
    expect(lines.reduce((a, l) => a + (l.net_cents ?? 0), 0)).toBe(34960);
    expect(lines[0]).toMatchObject({
      unit_cost_cents: 12000,
      cost_cents: 12000,
      commission_rate_bp: 350,
      net_cents: 29156,
      commission_cents: 1020,
      margin_cents: 17156,
    });
    expect(response.commercial_metrics).toEqual({
      margin_cents: 17156 + (5804 - 1500),
      commission_cents: 1020 + 203,
      net_cents: 34960,
    });
    expect(stockMilli(app, 'MEIA-01')).toBe(before - 3000);
    const outbox = app.db.raw
      .prepare("SELECT table_name, count(*) AS n FROM sync_outbox WHERE kind = 'insert' GROUP BY table_name")
      .all();
    expect(outbox).toEqual(
      expect.arrayContaining([
        { table_name: 'sales', n: 1 },
        { table_name: 'sale_items', n: 2 },
        { table_name: 'payments', n: 1 },
        { table_name: 'stock_movements', n: 2 },
        { table_name: 'sale_status_history', n: 1 },
      ]),
    );
  });

  it('is idempotent by external_id: the same sale again is a duplicate and creates nothing', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    const before = dumpContent(app.db);
    expect(applyOk(app, session, 'register_sale', saleData())).toMatchObject({
      status: 'duplicate',
      result: { total_cents: 34960 },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('waits for payment when payments do not cover the total, then completes with register_payment', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(
      app,
      session,
      'register_sale',
      saleData({ payments: [{ method: 'cartao_credito', amount: 20000, installments: 3 }] }),
    );
    const paid = applyOk(app, session, 'register_payment', {
      external_id: 'P-2',
      reference_external_id: 'S-1',
      method: 'boleto',
      amount: 14960,
      occurred_at: NOW,
    });
    expect(paid.result).toMatchObject({ status: 'completa', paid_cents: 34960 });
    expect(
      applyOk(app, session, 'register_payment', {
        external_id: 'P-2',
        reference_external_id: 'S-1',
        method: 'boleto',
        amount: 14960,
        occurred_at: NOW,
      }).status,
    ).toBe('duplicate');
    const history = app.db.raw
      .prepare('SELECT from_status, to_status FROM sale_status_history ORDER BY created_at, rowid')
      .all();
    expect(history).toEqual([
      { from_status: null, to_status: 'aguardando_pagamento' },
      { from_status: 'aguardando_pagamento', to_status: 'completa' },
    ]);
  });

  it.each([
    ['non-cash overpayment', { payments: [{ method: 'pix', amount: 40000 }] }, 'non_cash_overpayment'],
    ['unknown SKU', { items: [{ variant_external_id: 'NOPE', qty: 1 }] }, 'unknown_sku'],
    ['unknown customer', { customer_external_id: 'C99' }, 'unknown_customer'],
    ['unknown salesperson', { salesperson_external_id: 'V99' }, 'unknown_salesperson'],
    ['unknown location', { location_external_id: 'LJ99' }, 'unknown_location'],
    ['zero quantity', { items: [{ variant_external_id: 'MEIA-01', qty: 0 }] }, 'invalid_input'],
    ['negative quantity', { items: [{ variant_external_id: 'MEIA-01', qty: -1 }] }, 'invalid_input'],
    ['zero price', { items: [{ variant_external_id: 'MEIA-01', qty: 1, unit_price: 0 }] }, 'invalid_input'],
    ['negative price', { items: [{ variant_external_id: 'MEIA-01', qty: 1, unit_price: -500 }] }, 'invalid_input'],
    ['discount above total', { discount_amount: 999999 }, 'invalid_discount'],
    [
      'store credit without balance',
      { payments: [{ method: 'credito_loja', amount: 100 }] },
      'insufficient_store_credit',
    ],
  ])('refuses %s with a specific code and changes nothing', async (_name, overrides, code) => {
    const { app, session } = await openStoreWithCatalog();
    const before = dumpContent(app.db);
    const result = apply(app, session, 'register_sale', saleData(overrides));
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toMatch(/[a-zç]/);
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('names the unknown entity in the message', async () => {
    const { app, session } = await openStoreWithCatalog();
    const result = apply(
      app,
      session,
      'register_sale',
      saleData({ items: [{ variant_external_id: 'XYZ-404', qty: 1 }] }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'Produto desconhecido: XYZ-404.', details: { sku: 'XYZ-404' } },
    });
  });
});

describe('counter sale (sales.register)', () => {
  it('refuses any sale without an open caixa (cash or not), and payments that are short', async () => {
    const { app, session } = await openStoreWithCatalog();
    let before = dumpContent(app.db);
    for (const method of ['dinheiro', 'pix']) {
      const closed = app.dispatch(
        'sales.register',
        saleData({ channel: 'PDV', payments: [{ method, amount: 34960 }] }),
        session,
      );
      expect(closed).toMatchObject({
        ok: false,
        error: { code: 'cash_not_open', message: 'O caixa está fechado. Abra o caixa antes de vender.' },
      });
    }
    expect(dumpContent(app.db)).toEqual(before);
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, session));
    before = dumpContent(app.db);
    const short = app.dispatch(
      'sales.register',
      saleData({ channel: 'PDV', payments: [{ method: 'pix', amount: 100 }] }),
      session,
    );
    expect(short).toMatchObject({
      ok: false,
      error: { code: 'payment_short', message: 'Os pagamentos não cobrem o total da venda.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('takes cash above the total as change and numbers sales per register', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, session));
    const sale = expectOk(
      app.dispatch(
        'sales.register',
        saleData({
          channel: 'PDV',
          payments: [
            { method: 'pix', amount: 20000 },
            { method: 'dinheiro', amount: 20000 },
          ],
        }),
        session,
      ),
    );
    expect(sale).toMatchObject({
      status: 'completa',
      paid_cents: 34960,
      change_cents: 5040,
      number: 'LJ01-CX1-000001',
    });
    const cash = app.db.raw
      .prepare(
        "SELECT amount_cents, tendered_cents, change_cents, cash_session_id IS NOT NULL AS in_session FROM payments WHERE method = 'dinheiro'",
      )
      .get();
    expect(cash).toEqual({ amount_cents: 14960, tendered_cents: 20000, change_cents: 5040, in_session: 1 });
    const second = expectOk(app.dispatch('sales.register', saleData({ external_id: 'S-2', channel: 'PDV' }), session));
    expect(second.number).toBe('LJ01-CX1-000002');
  });
});

describe('cancellation and returns', () => {
  it('cancels: stock back, status cancelada, margin and commission zero; twice is refused', async () => {
    const { app, session } = await openStoreWithCatalog();
    const stock = stockMilli(app, 'TEN-AZ-38');
    applyOk(app, session, 'register_sale', saleData());
    const cancelled = applyOk(app, session, 'register_cancellation', {
      reference_external_id: 'S-1',
      reason: 'cliente desistiu',
      occurred_at: NOW,
    });
    expect(cancelled.result).toMatchObject({ status: 'cancelada', net_cents: 0, margin_cents: 0, commission_cents: 0 });
    expect(stockMilli(app, 'TEN-AZ-38')).toBe(stock);
    const before = dumpContent(app.db);
    expect(
      apply(app, session, 'register_cancellation', {
        reference_external_id: 'S-1',
        reason: 'de novo',
        occurred_at: NOW,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'already_cancelled', message: 'Esta venda já está cancelada.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('refuses to cancel a sale with a return that refunded 0 centavos (stock would come back twice)', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'upsert_product', {
      external_id: 'ARROZ-KG',
      name: 'Arroz a granel',
      category: 'Mercearia',
      kind: 'goods',
      unit_price: 250,
      sold_by_weight: true,
    });
    applyOk(app, session, 'register_sale', {
      ...saleData({ items: [{ variant_external_id: 'ARROZ-KG', qty: 0.006 }], discount_amount: 0 }),
      payments: [{ method: 'pix', amount: 2 }],
    });
    const ret = applyOk(app, session, 'register_return', {
      external_id: 'R-1',
      reference_external_id: 'S-1',
      items: [{ variant_external_id: 'ARROZ-KG', qty: 0.001 }],
      reason: 'sobrou',
      condition: 'revenda',
      refund_method: 'original',
      occurred_at: NOW,
    });
    expect(ret.result).toMatchObject({ refunded_cents: 0 });
    const before = dumpContent(app.db);
    expect(
      apply(app, session, 'register_cancellation', { reference_external_id: 'S-1', reason: 'erro', occurred_at: NOW }),
    ).toMatchObject({ ok: false, error: { code: 'has_returns' } });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('returns lines in parts: proportional refunds, the last one exact, stock only for revenda', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    const stock = stockMilli(app, 'MEIA-01');
    const ret = (external_id: string, qty: number, condition: string) =>
      apply(app, session, 'register_return', {
        external_id,
        reference_external_id: 'S-1',
        items: [{ variant_external_id: 'MEIA-01', qty }],
        reason: 'tamanho errado',
        condition,
        refund_method: 'original',
        occurred_at: NOW,
      });
    // Line 2 net is 5804 for 3 units: 1 unit → round(1934.67) = 1935.
    expect(expectOk(ret('R-1', 1, 'revenda')).result).toMatchObject({
      status: 'parcialmente_reembolsada',
      refunded_cents: 1935,
    });
    expect(stockMilli(app, 'MEIA-01')).toBe(stock + 1000);
    expect(expectOk(ret('R-2', 2, 'avariado')).result).toMatchObject({ refunded_cents: 5804 });
    expect(stockMilli(app, 'MEIA-01')).toBe(stock + 1000);
    const before = dumpContent(app.db);
    expect(ret('R-3', 1, 'revenda')).toMatchObject({ ok: false, error: { code: 'return_exceeds_sold' } });
    expect(dumpContent(app.db)).toEqual(before);
    expect(expectOk(ret('R-1', 1, 'revenda')).status).toBe('duplicate');
    const all = applyOk(app, session, 'register_return', {
      external_id: 'R-4',
      reference_external_id: 'S-1',
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
      reason: 'defeito',
      condition: 'avariado',
      refund_method: 'credito_loja',
      occurred_at: NOW,
    });
    expect(all.result).toMatchObject({
      status: 'reembolsada',
      refunded_cents: 34960,
      net_cents: 0,
      margin_cents: 0,
      commission_cents: 0,
    });
  });
});

describe('fiscal data, discounts and loyalty', () => {
  it('validates the NF-e key and completes an approved sale when the store requires fiscal data', async () => {
    const { app, session } = await openStoreWithCatalog();
    app.db.raw
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sales.require_fiscal', 'true', 'now')")
      .run();
    expect(applyOk(app, session, 'register_sale', saleData()).result).toMatchObject({ status: 'aprovada' });
    const fiscal = {
      reference_external_id: 'S-1',
      doc_type: 'NFCE',
      fiscal_number: '123',
      serie: '1',
      cfop: '5102',
      issue_date: NOW,
      taxes: { icms: 100, pis: 10, cofins: 20, total: 130 },
    };
    const before = dumpContent(app.db);
    expect(
      apply(app, session, 'register_fiscal_data', {
        ...fiscal,
        nfe_key: wrongCheckDigit(nfeKey()),
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_nfe_key' } });
    expect(dumpContent(app.db)).toEqual(before);
    expect(applyOk(app, session, 'register_fiscal_data', { ...fiscal, nfe_key: nfeKey() }).result).toMatchObject({
      status: 'completa',
    });
  });

  it('applies a discount to an open sale and keeps lines summing exactly', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData({ payments: [] }));
    const discounted = applyOk(app, session, 'apply_discount', {
      reference_external_id: 'S-1',
      discount_percentage: 10,
    });
    expect(discounted.result).toMatchObject({ status: 'aguardando_pagamento', total_cents: 34960 - 3496 });
    const allocations = JSON.parse(
      (app.db.raw.prepare('SELECT allocations FROM sale_discounts').get() as { allocations: string }).allocations,
    ) as { amount_cents: number }[];
    expect(allocations.reduce((a, x) => a + x.amount_cents, 0)).toBe(3496);
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2' }));
    expect(apply(app, session, 'apply_discount', { reference_external_id: 'S-2', discount_amount: 100 })).toMatchObject(
      { ok: false, error: { code: 'sale_not_open' } },
    );
  });

  it('earns points from a sale and redeems them as a discount, never below zero', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    expect(
      applyOk(app, session, 'process_loyalty_points', {
        customer_external_id: 'C01',
        operation: 'earn',
        reference_external_id: 'S-1',
      }).result,
    ).toMatchObject({ points: 349, balance: 349 });
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2', payments: [] }));
    const redeemed = applyOk(app, session, 'process_loyalty_points', {
      customer_external_id: 'C01',
      operation: 'redeem',
      points: 300,
      reference_external_id: 'S-2',
    });
    expect(redeemed.result).toMatchObject({ balance: 49, sale: { total_cents: 34960 - 300 } });
    expect(
      apply(app, session, 'process_loyalty_points', { customer_external_id: 'C01', operation: 'redeem', points: 50 }),
    ).toMatchObject({ ok: false, error: { code: 'insufficient_points' } });
    applyOk(app, session, 'register_cancellation', {
      reference_external_id: 'S-1',
      reason: 'estorno',
      occurred_at: NOW,
    });
    // The 349 points earned on S-1 are taken back, but 300 were already spent: only the 49 left
    // are removed, the balance stops at zero and the 300 are recorded on the reversal.
    const balance = app.db.raw.prepare('SELECT sum(points) AS b FROM loyalty_movements').get();
    expect(balance).toEqual({ b: 0 });
    expect(
      app.db.raw.prepare("SELECT points, unreversed_points FROM loyalty_movements WHERE kind = 'reversal'").all(),
    ).toEqual([{ points: -49, unreversed_points: 300 }]);
  });
});

describe('history never changes', () => {
  it('keeps the margin of a past sale when the cost changes later', async () => {
    const { app, session } = await openStoreWithCatalog();
    const first = applyOk(app, session, 'register_sale', saleData());
    applyOk(app, session, 'upsert_product', {
      external_id: 'TEN-AZ-38',
      name: 'Tênis Corrida Azul',
      category: 'Calçados',
      kind: 'goods',
      unit_price: 39990,
      unit_cost: 20000,
    });
    expect(expectOk(app.dispatch('sales.get', { external_id: 'S-1' }, session)).margin_cents).toBe(
      first.commercial_metrics?.margin_cents,
    );
  });
});

describe('sales.query', () => {
  it('filters by customer, salesperson, location and business day in the store time zone', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData({ occurred_at: '2026-11-20T23:30:00-03:00' }));
    applyOk(
      app,
      session,
      'register_sale',
      saleData({ external_id: 'S-2', customer_external_id: undefined, occurred_at: '2026-11-21T02:30:00Z' }),
    );
    const day = expectOk(app.dispatch('sales.query', { from: '2026-11-20', to: '2026-11-20' }, session));
    expect(day.sales.map((s) => s.external_id).sort()).toEqual(['S-1', 'S-2']);
    const byCustomer = expectOk(app.dispatch('sales.query', { customer: 'C01' }, session));
    expect(byCustomer.sales.map((s) => s.external_id)).toEqual(['S-1']);
    expect(byCustomer.sales[0]?.items).toHaveLength(2);
    expect(byCustomer.totals).toMatchObject({ count: 1, net_cents: 34960 });
  });
});
