import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { applyOk, NOW, saleData } from '../../test/sales-fixtures';
import { counterSale, openCounter } from '../../test/counter-fixtures';

const CLOSED = { code: 'cash_not_open', message: 'O caixa está fechado. Abra o caixa antes de vender.' };

describe('every counter sale belongs to an open caixa (issue 8, item 15)', () => {
  it('refuses a card sale, and a card payment on an open sale, with no caixa open; changes nothing', async () => {
    const { app, owner, cashier } = await openCounter();
    applyOk(app, owner, 'register_sale', saleData({ payments: [] }));
    const before = dumpContent(app.db);
    expect(app.dispatch('sales.register', counterSale(), cashier)).toMatchObject({ ok: false, error: CLOSED });
    expect(app.dispatch('sales.register', counterSale(), owner)).toMatchObject({ ok: false, error: CLOSED });
    const pay = { reference_external_id: 'S-1', method: 'cartao_credito', amount: 1000 };
    expect(app.dispatch('sales.pay', pay, cashier)).toMatchObject({ ok: false, error: CLOSED });
    expect(dumpContent(app.db)).toEqual(before);
    expect(expectOk(app.dispatch('pdv.cash_status', {}, cashier))).toMatchObject({
      register: { code: 'CX1' },
      open: false,
      cash_session_id: null,
    });
  });

  it('puts a card sale in the open session, so it reaches the Z report', async () => {
    const { app, cashier } = await openCounter();
    const opened = expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    expect(expectOk(app.dispatch('pdv.cash_status', {}, cashier))).toMatchObject({
      open: true,
      cash_session_id: opened.session_id,
    });
    expectOk(app.dispatch('sales.register', counterSale(), cashier));
    const payment = app.db.raw.prepare('SELECT cash_session_id, register_id FROM payments').get();
    expect(payment).toEqual({ cash_session_id: opened.session_id, register_id: opened.register.id });
    expect(expectOk(app.dispatch('cash.summary', {}, cashier))).toMatchObject({
      sales_count: 1,
      totals_by_method: { cartao_debito: 29990 },
    });
  });

  it("refuses a counter sale naming another register than the session's", async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('registers.upsert', { code: 'CX2', name: 'Caixa 2' }, owner));
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const before = dumpContent(app.db);
    expect(app.dispatch('sales.register', counterSale({ register: 'CX2' }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'wrong_register', message: 'No balcão a venda é do caixa deste computador (CX1), não do CX2.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('imports through sales.apply stay outside cash sessions', async () => {
    const { app, owner } = await openCounter();
    expect(applyOk(app, owner, 'register_sale', saleData()).result).toMatchObject({ status: 'completa' });
    expect(app.db.raw.prepare('SELECT cash_session_id FROM payments').get()).toEqual({ cash_session_id: null });
  });
});

describe('counter sales take the time from the device (issue 9, item 11)', () => {
  const BACKDATED = {
    code: 'occurred_at_not_allowed',
    message: 'No balcão a data e a hora são as deste computador; só importações podem informar outra data.',
  };

  it('refuses a cashier backdating a sale or a payment, and changes nothing', async () => {
    const { app, owner, cashier, receptionist } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    applyOk(app, owner, 'register_sale', saleData({ payments: [] }));
    const before = dumpContent(app.db);
    const backdated = counterSale({ occurred_at: '2020-01-01T10:00:00-03:00' });
    expect(app.dispatch('sales.register', backdated, cashier)).toMatchObject({ ok: false, error: BACKDATED });
    expect(app.dispatch('sales.register', backdated, receptionist)).toMatchObject({ ok: false, error: BACKDATED });
    const pay = { reference_external_id: 'S-1', method: 'pix', amount: 100, occurred_at: '2020-01-01T10:00:00Z' };
    expect(app.dispatch('sales.pay', pay, cashier)).toMatchObject({ ok: false, error: BACKDATED });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it("stamps a cashier's sale with the device clock; sales.import users and imports keep the time they name", async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const t0 = Date.now();
    const sale = expectOk(app.dispatch('sales.register', counterSale(), cashier));
    const at = app.db.raw.prepare('SELECT occurred_at FROM sales WHERE id = ?').pluck().get(sale.sale_id) as string;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(t0 - 1000);
    const owned = expectOk(
      app.dispatch('sales.register', counterSale({ occurred_at: '2020-01-01T10:00:00-03:00' }), owner),
    );
    const ownedAt = app.db.raw.prepare('SELECT occurred_at FROM sales WHERE id = ?').pluck().get(owned.sale_id);
    expect(ownedAt).toBe('2020-01-01T13:00:00.000Z');
    applyOk(app, owner, 'register_sale', saleData());
    const imported = app.db.raw.prepare("SELECT occurred_at FROM sales WHERE external_id = 'S-1'").pluck().get();
    expect(imported).toBe(new Date(NOW).toISOString());
  });
});
