import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, openStoreWithCatalog } from '../../test/sales-fixtures';
import { openCounter } from '../../test/counter-fixtures';
import { lateCharges, planInstallments } from './crediario';

const TERMS = { late_fine_bp: 200, late_interest_bp_month: 100 };

/** An imported R$ 300,00 sale on crediário in 3x, first due 2026-12-20. */
function crediarioSale(extra: Record<string, unknown> = {}) {
  return {
    external_id: 'CR-1',
    customer_external_id: 'C01',
    location_external_id: 'LJ01',
    channel: 'PDV',
    occurred_at: '2026-11-20T14:00:00-03:00',
    items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 30000 }],
    payments: [{ method: 'crediario', amount: 30000, installments: 3, first_due_date: '2026-12-20' }],
    ...extra,
  };
}

function receive(number: number, at: string, amount: number, method = 'dinheiro') {
  return {
    external_id: `RC-${number}`,
    reference_external_id: 'CR-1',
    installment_number: number,
    method,
    amount,
    occurred_at: at,
  };
}

describe('crediário parcelas and late charges', () => {
  it('splits the financed amount exactly, extra centavos first, with interest per month', () => {
    const plan = planInstallments(10000, 3, '2026-01-31', 0);
    expect(plan.installments.map((p) => [p.due_date, p.amount_cents])).toEqual([
      ['2026-01-31', 3334],
      ['2026-02-28', 3333],
      ['2026-03-31', 3333],
    ]);
    // 2 %/month simple over 3 months on R$ 1.000,00: R$ 60,00 interest, R$ 1.060,00 in 3x.
    const withInterest = planInstallments(100000, 3, '2026-12-20', 200);
    expect(withInterest.interest_cents).toBe(6000);
    expect(withInterest.installments.map((p) => p.amount_cents)).toEqual([35334, 35333, 35333]);
    expect(withInterest.installments.map((p) => p.principal_cents)).toEqual([33334, 33333, 33333]);
    for (let n = 1; n <= 12; n++) {
      for (const total of [1, 99, 100001, 33333333]) {
        const p = planInstallments(total, n, '2026-12-20', 137);
        expect(p.installments.reduce((a, i) => a + i.amount_cents, 0)).toBe(p.total_cents);
        expect(p.installments.reduce((a, i) => a + i.principal_cents, 0)).toBe(total);
      }
    }
  });

  it('charges 2 % fine + 1 %/month pro rata per day: R$ 100,00 paid 10 days late is R$ 102,33', () => {
    expect(lateCharges(10000, '2027-01-20', '2027-01-30', TERMS)).toEqual({
      days_late: 10,
      fine_cents: 200,
      interest_cents: 33,
      total_cents: 10233,
    });
    expect(lateCharges(10000, '2027-01-20', '2027-01-20', TERMS).total_cents).toBe(10000);
    expect(lateCharges(10000, '2027-01-20', '2027-01-10', TERMS).total_cents).toBe(10000);
    // One day late: fine 200, interest 10000 × 100 × 1 / 300000 = 3,33 → 3.
    expect(lateCharges(10000, '2027-01-20', '2027-01-21', TERMS).total_cents).toBe(10203);
  });

  it('R$ 300,00 in 3x, the second parcela paid 10 days late: R$ 100,00 + R$ 2,00 fine + R$ 0,33 interest', async () => {
    const { app, session } = await openStoreWithCatalog();
    expect(applyOk(app, session, 'register_sale', crediarioSale()).result).toMatchObject({
      status: 'aprovada',
      total_cents: 30000,
      paid_cents: 30000,
    });
    expect(
      app.db.raw
        .prepare('SELECT number, due_date, amount_cents, status FROM crediario_installments ORDER BY number')
        .all(),
    ).toEqual([
      { number: 1, due_date: '2026-12-20', amount_cents: 10000, status: 'aberta' },
      { number: 2, due_date: '2027-01-20', amount_cents: 10000, status: 'aberta' },
      { number: 3, due_date: '2027-02-20', amount_cents: 10000, status: 'aberta' },
    ]);
    applyOk(app, session, 'receive_installment', receive(1, '2026-12-20T10:00:00-03:00', 10000));
    // Short of the charges: refused with the amount due, nothing written.
    const before = dumpContent(app.db);
    expect(apply(app, session, 'receive_installment', receive(2, '2027-01-30T10:00:00-03:00', 10000))).toMatchObject({
      ok: false,
      error: { code: 'installment_amount_short', message: 'O valor da parcela com encargos é R$\u00a0102,33.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
    const second = applyOk(app, session, 'receive_installment', receive(2, '2027-01-30T10:00:00-03:00', 10233));
    expect(second.result).toMatchObject({
      installment: { days_late: 10, fine_cents: 200, interest_cents: 33, total_cents: 10233, status: 'paga' },
      sale: { status: 'aprovada' },
    });
    expect(
      app.db.raw
        .prepare(
          "SELECT amount_cents, fine_cents, interest_cents, total_cents, days_late FROM installment_receipts WHERE external_id = 'RC-2'",
        )
        .get(),
    ).toEqual({
      amount_cents: 10000,
      fine_cents: 200,
      interest_cents: 33,
      total_cents: 10233,
      days_late: 10,
    });
    // The same receipt again is a duplicate, not a second payment.
    expect(applyOk(app, session, 'receive_installment', receive(2, '2027-01-30T10:00:00-03:00', 10233)).status).toBe(
      'duplicate',
    );
    expect(
      apply(app, session, 'receive_installment', {
        ...receive(2, '2027-01-31T10:00:00-03:00', 10233),
        external_id: 'RC-2b',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'installment_not_open', message: 'Esta parcela já foi paga.' },
    });
    const third = applyOk(app, session, 'receive_installment', receive(3, '2027-02-20T10:00:00-03:00', 10000));
    expect(third.result).toMatchObject({ sale: { status: 'completa' } });
    const history = app.db.raw
      .prepare(
        "SELECT from_status, to_status FROM sale_status_history h JOIN sales s ON s.id = h.sale_id WHERE s.external_id = 'CR-1' ORDER BY h.created_at, h.rowid",
      )
      .all();
    expect(history).toEqual([
      { from_status: null, to_status: 'aprovada' },
      { from_status: 'aprovada', to_status: 'completa' },
    ]);
  });

  it('needs an identified customer with CPF and a first due date', async () => {
    const { app, session } = await openStoreWithCatalog();
    expect(apply(app, session, 'register_sale', crediarioSale({ customer_external_id: undefined }))).toMatchObject({
      ok: false,
      error: { code: 'crediario_needs_cpf', message: 'Crediário só para cliente identificado com CPF.' },
    });
    const noDue = crediarioSale({ payments: [{ method: 'crediario', amount: 30000, installments: 3 }] });
    expect(apply(app, session, 'register_sale', noDue)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const past = crediarioSale({
      payments: [{ method: 'crediario', amount: 30000, installments: 3, first_due_date: '2026-11-19' }],
    });
    expect(apply(app, session, 'register_sale', past)).toMatchObject({
      ok: false,
      error: { code: 'invalid_first_due_date' },
    });
    expect(app.db.raw.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 0 });
  });

  it('cancelling a half-paid crediário sale cancels the open parcelas and refunds only what was paid', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', crediarioSale());
    applyOk(app, session, 'receive_installment', receive(1, '2026-12-20T10:00:00-03:00', 10000));
    const cancelled = applyOk(app, session, 'register_cancellation', {
      reference_external_id: 'CR-1',
      reason: 'cliente desistiu',
      occurred_at: '2026-12-21T10:00:00-03:00',
    });
    expect(cancelled.result).toMatchObject({ status: 'cancelada' });
    expect(app.db.raw.prepare('SELECT number, status FROM crediario_installments ORDER BY number').all()).toEqual([
      { number: 1, status: 'paga' },
      { number: 2, status: 'cancelada' },
      { number: 3, status: 'cancelada' },
    ]);
    expect(app.db.raw.prepare('SELECT refund_cents, cash_refund_cents FROM cancellations').get()).toEqual({
      refund_cents: 10000,
      cash_refund_cents: 10000,
    });
    expect(apply(app, session, 'receive_installment', receive(2, '2027-01-20T10:00:00-03:00', 10000))).toMatchObject({
      ok: false,
      error: { code: 'installment_not_open', message: 'Esta parcela foi cancelada.' },
    });
  });

  it('a return on a crediário sale takes the refund off the open parcelas first', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', {
      ...crediarioSale(),
      items: [
        { variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 25000 },
        { variant_external_id: 'MEIA-01', qty: 1, unit_price: 5000 },
      ],
    });
    applyOk(app, session, 'receive_installment', receive(1, '2026-12-20T10:00:00-03:00', 10000));
    applyOk(app, session, 'register_return', {
      reference_external_id: 'CR-1',
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
      reason: 'não serviu',
      condition: 'revenda',
      refund_method: 'original',
      occurred_at: '2026-12-22T10:00:00-03:00',
    });
    // R$ 250,00 refund: parcela 3 (R$ 100,00) cancelled, parcela 2 cancelled, R$ 50,00 back of what was paid.
    expect(
      app.db.raw.prepare('SELECT number, amount_cents, status FROM crediario_installments ORDER BY number').all(),
    ).toEqual([
      { number: 1, amount_cents: 10000, status: 'paga' },
      { number: 2, amount_cents: 10000, status: 'cancelada' },
      { number: 3, amount_cents: 10000, status: 'cancelada' },
    ]);
    expect(app.db.raw.prepare('SELECT refund_cents, cash_refund_cents, store_credit_cents FROM returns').get()).toEqual(
      {
        refund_cents: 25000,
        cash_refund_cents: 5000,
        store_credit_cents: 0,
      },
    );
  });
});

describe('crediário at the counter', () => {
  it('above the credit limit needs a manager; a cashier with the manager PIN goes through', async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    const customer = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").get() as { id: string };
    expectOk(app.dispatch('payments.set_credit_limit', { customer_id: customer.id, limit_cents: 20000 }, owner));
    const today = new Date().toISOString().slice(0, 10);
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const sale = {
      external_id: 'PDV-CR-1',
      customer_id: customer.id,
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
      payments: [{ method: 'crediario', amount: 29990, installments: 2, first_due_date: due }],
    };
    const quote = expectOk(
      app.dispatch(
        'payments.crediario_quote',
        { customer_id: customer.id, amount: 29990, installments: 2, first_due_date: due },
        cashier,
      ),
    );
    expect(quote).toMatchObject({ total_cents: 29990, limit_cents: 20000, open_cents: 0, needs_approval: true });
    expect(quote.installments.map((i) => i.amount_cents)).toEqual([14995, 14995]);
    const before = dumpContent(app.db);
    expect(app.dispatch('sales.register', sale, cashier)).toMatchObject({
      ok: false,
      error: {
        code: 'credit_limit_exceeded',
        message:
          'Limite de crédito do cliente: R$\u00a0200,00 (em aberto R$\u00a00,00). Acima dele, um gerente precisa aprovar.',
      },
    });
    expect(dumpContent(app.db)).toEqual(before);
    expect(
      app.dispatch('sales.register', { ...sale, approval: { login: 'caixa', pin: '1111' } }, cashier),
    ).toMatchObject({
      ok: false,
      error: { code: 'approval_invalid' },
    });
    const done = expectOk(
      app.dispatch('sales.register', { ...sale, approval: { login: 'gerente', pin: '5678' } }, cashier),
    );
    expect(done.status).toBe('aprovada');
    expect(today <= due).toBe(true);
  });

  it('a parcela received in cash at the caixa enters the expected cash and the per-method summary', async () => {
    const { app, session: owner } = await openStoreWithCatalog();
    const { signIn } = await import('../../test/counter-fixtures');
    const cashier = signIn(app, 'caixa', 'cashier', '1111');
    applyOk(app, owner, 'register_sale', crediarioSale());
    expectOk(app.dispatch('cash.open', { opening_float_cents: 5000 }, cashier));
    const quote = expectOk(
      app.dispatch('payments.installment_quote', { reference_external_id: 'CR-1', installment_number: 1 }, cashier),
    );
    const got = expectOk(
      app.dispatch(
        'payments.receive_installment',
        { reference_external_id: 'CR-1', installment_number: 1, method: 'dinheiro', amount: quote.total_cents + 5000 },
        cashier,
      ),
    );
    expect(got.change_cents).toBe(5000);
    const summary = expectOk(app.dispatch('cash.summary', {}, cashier));
    expect(summary.expected_cash_cents).toBe(5000 + quote.total_cents);
    expect(summary.fees_by_method).toEqual([
      { method: 'dinheiro', gross_cents: quote.total_cents, fee_cents: 0, net_cents: quote.total_cents },
    ]);
  });

  it('refuses receiving a parcela at the counter with the caixa closed', async () => {
    const { app, session: owner } = await openStoreWithCatalog();
    const { signIn } = await import('../../test/counter-fixtures');
    const cashier = signIn(app, 'caixa', 'cashier', '1111');
    applyOk(app, owner, 'register_sale', crediarioSale());
    expect(
      app.dispatch(
        'payments.receive_installment',
        { reference_external_id: 'CR-1', installment_number: 1, method: 'dinheiro', amount: 20000 },
        cashier,
      ),
    ).toMatchObject({ ok: false, error: { code: 'cash_not_open' } });
  });
});
