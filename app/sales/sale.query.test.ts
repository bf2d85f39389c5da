import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';

const MEIA = (qty: number) => [{ variant_external_id: 'MEIA-01', qty }];

/** Three sales on one day (S-1 pix, S-2 cash + card, S-3 pix with no customer), one the next day. */
async function openWithSales() {
  const { app, session } = await openStoreWithCatalog();
  applyOk(
    app,
    session,
    'register_sale',
    saleData({
      external_id: 'S-1',
      occurred_at: '2026-11-20T10:00:00-03:00',
      items: MEIA(1),
      discount_amount: 0,
      payments: [{ method: 'pix', amount: 1990 }],
    }),
  );
  applyOk(
    app,
    session,
    'register_sale',
    saleData({
      external_id: 'S-2',
      occurred_at: '2026-11-20T11:00:00-03:00',
      items: MEIA(2),
      discount_amount: 0,
      payments: [
        { method: 'cartao_debito', amount: 1000 },
        { method: 'dinheiro', amount: 2980 },
      ],
    }),
  );
  applyOk(
    app,
    session,
    'register_sale',
    saleData({
      external_id: 'S-3',
      customer_external_id: undefined,
      salesperson_external_id: undefined,
      occurred_at: '2026-11-20T12:00:00-03:00',
      items: MEIA(3),
      discount_amount: 0,
      payments: [{ method: 'pix', amount: 5970 }],
    }),
  );
  applyOk(
    app,
    session,
    'register_sale',
    saleData({
      external_id: 'S-4',
      occurred_at: '2026-11-21T10:00:00-03:00',
      items: MEIA(1),
      discount_amount: 0,
      payments: [{ method: 'pix', amount: 1990 }],
    }),
  );
  return { app, session };
}

const DAY = { from: '2026-11-20', to: '2026-11-20', with_lines: false };

describe('sales.query for the Vendas list', () => {
  it('lists each sale with its distinct payment methods, newest first', async () => {
    const { app, session } = await openWithSales();
    const { sales, totals } = expectOk(app.dispatch('sales.query', DAY, session));
    expect(sales.map((s) => [s.external_id, s.payment_methods])).toEqual([
      ['S-3', ['pix']],
      ['S-2', ['dinheiro', 'cartao_debito']],
      ['S-1', ['pix']],
    ]);
    expect(sales[0]).toMatchObject({ customer_name: null, salesperson_name: null, status: 'completa', items: [] });
    expect(sales[1]).toMatchObject({ customer_name: 'Maria Silva', salesperson_name: 'Carla', net_cents: 3980 });
    expect(totals).toEqual({
      count: 3,
      total_cents: 11940,
      refunded_cents: 0,
      net_cents: 11940,
      cancelled_count: 0,
      cancelled_cents: 0,
    });
  });

  it('narrows the rows and the totals by payment method, status, customer id and salesperson id', async () => {
    const { app, session } = await openWithSales();
    const query = (filter: Record<string, unknown>) =>
      expectOk(app.dispatch('sales.query', { ...DAY, ...filter }, session));
    const pix = query({ payment_method: 'pix' });
    expect(pix.sales.map((s) => s.external_id)).toEqual(['S-3', 'S-1']);
    expect(pix.totals).toMatchObject({ count: 2, net_cents: 7960 });

    applyOk(app, session, 'register_cancellation', { reference_external_id: 'S-1', reason: 'cliente desistiu' });
    const cancelled = query({ status: 'cancelada' });
    expect(cancelled.sales.map((s) => s.external_id)).toEqual(['S-1']);
    // A cancelled sale is counted and shown apart, in neither Total nor Líquido.
    expect(cancelled.totals).toEqual({
      count: 1,
      total_cents: 0,
      refunded_cents: 0,
      net_cents: 0,
      cancelled_count: 1,
      cancelled_cents: 1990,
    });
    expect(query({}).totals).toEqual({
      count: 3,
      total_cents: 9950,
      refunded_cents: 0,
      net_cents: 9950,
      cancelled_count: 1,
      cancelled_cents: 1990,
    });

    const customerId = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").pluck().get() as string;
    expect(query({ customer_id: customerId }).sales.map((s) => s.external_id)).toEqual(['S-2', 'S-1']);
    const sellerId = app.db.raw.prepare("SELECT id FROM salespeople WHERE external_id = 'V01'").pluck().get() as string;
    expect(query({ salesperson_id: sellerId, status: 'completa' }).sales.map((s) => s.external_id)).toEqual(['S-2']);
    expect(query({ customer: 'NOPE' })).toEqual({
      sales: [],
      totals: { count: 0, total_cents: 0, refunded_cents: 0, net_cents: 0, cancelled_count: 0, cancelled_cents: 0 },
    });
  });

  it('pages by offset without gaps or repeats and leaves the totals out when asked', async () => {
    const { app, session } = await openWithSales();
    const page = (offset: number) =>
      expectOk(app.dispatch('sales.query', { limit: 3, offset, with_lines: false, with_totals: false }, session));
    const first = page(0);
    const second = page(3);
    expect(first.totals).toBeNull();
    expect([...first.sales, ...second.sales].map((s) => s.external_id)).toEqual(['S-4', 'S-3', 'S-2', 'S-1']);
    expect(page(4).sales).toEqual([]);
  });

  it('refuses an unknown payment method and an unknown location in Portuguese, changing nothing', async () => {
    const { app, session } = await openWithSales();
    const before = dumpContent(app.db);
    const method = app.dispatch('sales.query', { payment_method: 'cheque' }, session);
    expect(method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!method.ok && method.error.details?.issues).toEqual([
      expect.objectContaining({ path: 'payment_method', message: expect.stringMatching(/^Opção inválida/) }),
    ]);
    expect(app.dispatch('sales.query', { location: 'LJ99' }, session)).toEqual({
      ok: false,
      error: { code: 'unknown_location', message: 'Loja desconhecida: LJ99.', details: { external_id: 'LJ99' } },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });
});
