import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, openStoreWithCatalog, saleData, stockMilli } from '../../test/sales-fixtures';

function history(app: Awaited<ReturnType<typeof openStoreWithCatalog>>['app'], externalId: string) {
  return app.db.raw
    .prepare(
      'SELECT from_status, to_status, reason FROM sale_status_history h JOIN sales s ON s.id = h.sale_id WHERE s.external_id = ? ORDER BY h.created_at, h.rowid',
    )
    .all(externalId);
}

const cardSale = (extra: Record<string, unknown> = {}) =>
  saleData({ payments: [{ method: 'cartao_credito', amount: 34960, installments: 3 }], ...extra });

describe('chargebacks (seed 003: em_disputa)', () => {
  it('won: em_disputa, then back to the previous status', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', cardSale());
    const cb = { external_id: 'CB-1', reference_external_id: 'S-1', amount: 34960, reason: 'não reconhece a compra' };
    expect(applyOk(app, session, 'register_chargeback', cb).result).toMatchObject({ status: 'em_disputa' });
    expect(apply(app, session, 'register_chargeback', { ...cb, external_id: 'CB-2' })).toMatchObject({
      ok: false,
      error: { code: 'chargeback_open', message: 'Esta venda já tem uma contestação em aberto.' },
    });
    expect(applyOk(app, session, 'register_chargeback', cb).status).toBe('duplicate');
    const won = applyOk(app, session, 'resolve_chargeback', { reference_external_id: 'S-1', outcome: 'ganha' });
    expect(won.result).toMatchObject({ status: 'completa', refunded_cents: 0, net_cents: 34960 });
    expect(history(app, 'S-1')).toEqual([
      { from_status: null, to_status: 'completa', reason: 'venda registrada' },
      { from_status: 'completa', to_status: 'em_disputa', reason: 'chargeback: não reconhece a compra' },
      { from_status: 'em_disputa', to_status: 'completa', reason: 'chargeback ganho' },
    ]);
    expect(apply(app, session, 'resolve_chargeback', { reference_external_id: 'S-1', outcome: 'ganha' })).toMatchObject(
      {
        ok: false,
        error: { code: 'no_open_chargeback' },
      },
    );
  });

  it('lost in part: a refund dated on the resolution, stock untouched; lost in full: reembolsada', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', cardSale());
    const stock = stockMilli(app, 'TEN-AZ-38');
    applyOk(app, session, 'register_chargeback', {
      external_id: 'CB-1',
      reference_external_id: 'S-1',
      amount: 10000,
      reason: 'fraude',
    });
    const lost = applyOk(app, session, 'resolve_chargeback', {
      reference_external_id: 'S-1',
      outcome: 'perdida',
      occurred_at: '2026-12-05T10:00:00-03:00',
    });
    expect(lost.result).toMatchObject({ status: 'parcialmente_reembolsada', refunded_cents: 10000, net_cents: 24960 });
    expect(app.db.raw.prepare('SELECT refund_cents, cash_refund_cents, occurred_at FROM returns').get()).toEqual({
      refund_cents: 10000,
      cash_refund_cents: 0,
      occurred_at: '2026-12-05T13:00:00.000Z',
    });
    expect(stockMilli(app, 'TEN-AZ-38')).toBe(stock);
    // Beyond what the card paid less what was already lost: refused.
    expect(
      apply(app, session, 'register_chargeback', {
        external_id: 'CB-2',
        reference_external_id: 'S-1',
        amount: 24961,
        reason: 'fraude',
      }),
    ).toMatchObject({ ok: false, error: { code: 'chargeback_amount_too_large', details: { max_cents: 24960 } } });
    applyOk(app, session, 'register_chargeback', {
      external_id: 'CB-2',
      reference_external_id: 'S-1',
      amount: 24960,
      reason: 'fraude',
    });
    const all = applyOk(app, session, 'resolve_chargeback', { reference_external_id: 'S-1', outcome: 'perdida' });
    expect(all.result).toMatchObject({ status: 'reembolsada', refunded_cents: 34960, net_cents: 0 });
    expect(history(app, 'S-1').map((h) => (h as { to_status: string }).to_status)).toEqual([
      'completa',
      'em_disputa',
      'parcialmente_reembolsada',
      'em_disputa',
      'reembolsada',
    ]);
  });

  it('only a paid card sale can be disputed', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    const before = dumpContent(app.db);
    expect(
      apply(app, session, 'register_chargeback', {
        external_id: 'CB-1',
        reference_external_id: 'S-1',
        amount: 100,
        reason: 'fraude',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'chargeback_not_card', message: 'Esta venda não tem pagamento em cartão para contestar.' },
    });
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2', payments: [] }));
    expect(
      apply(app, session, 'register_chargeback', {
        external_id: 'CB-2',
        reference_external_id: 'S-2',
        amount: 100,
        reason: 'fraude',
      }),
    ).toMatchObject({ ok: false, error: { code: 'chargeback_not_allowed' } });
    expect(dumpContent(app.db).chargebacks).toEqual(before.chargebacks);
  });
});

describe('expirada and recusada', () => {
  it('a charge unpaid past the days of the setting expires, gives the stock back and refuses a later payment', async () => {
    const { app, session } = await openStoreWithCatalog();
    const stock = stockMilli(app, 'TEN-AZ-38');
    applyOk(app, session, 'register_sale', saleData({ payments: [], occurred_at: '2026-11-01T10:00:00-03:00' }));
    applyOk(
      app,
      session,
      'register_sale',
      saleData({ external_id: 'S-NEW', payments: [], occurred_at: '2026-11-03T10:00:00-03:00' }),
    );
    expect(stockMilli(app, 'TEN-AZ-38')).toBe(stock - 2000);
    // Default 3 days: on 2026-11-05 12:00 UTC only S-1 (4 days old) expires.
    const out = expectOk(app.dispatch('payments.expire_charges', { as_of: '2026-11-05T12:00:00Z' }, session));
    expect(out).toEqual({ expired: ['S-1'] });
    expect(stockMilli(app, 'TEN-AZ-38')).toBe(stock - 1000);
    expect(history(app, 'S-1')).toEqual([
      { from_status: null, to_status: 'aguardando_pagamento', reason: 'venda registrada' },
      { from_status: 'aguardando_pagamento', to_status: 'expirada', reason: 'cobrança expirada' },
    ]);
    const before = dumpContent(app.db);
    expect(
      apply(app, session, 'register_payment', { reference_external_id: 'S-1', method: 'pix', amount: 34960 }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'sale_expired',
        message: 'A cobrança desta venda expirou em 05/11/2026 e não recebe mais pagamentos. Registre uma nova venda.',
      },
    });
    expect(dumpContent(app.db)).toEqual(before);
    // Running it again expires nothing new.
    expect(expectOk(app.dispatch('payments.expire_charges', { as_of: '2026-11-05T12:00:00Z' }, session))).toEqual({
      expired: [],
    });
  });

  it('a declined card payment makes the sale recusada (listed), and a later approved one pays it', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData({ payments: [] }));
    const declined = applyOk(app, session, 'register_payment', {
      external_id: 'P-1',
      reference_external_id: 'S-1',
      method: 'cartao_credito',
      amount: 34960,
      card_brand: 'VISA',
      authorization_code: 'NEG-51',
      status: 'recusado',
    });
    expect(declined.result).toMatchObject({ status: 'recusada', paid_cents: 0 });
    const listed = expectOk(app.dispatch('sales.query', { status: 'recusada' }, session)) as { rows?: unknown[] };
    expect(JSON.stringify(listed)).toContain('S-1');
    const paid = applyOk(app, session, 'register_payment', {
      external_id: 'P-2',
      reference_external_id: 'S-1',
      method: 'cartao_credito',
      amount: 34960,
      card_brand: 'VISA',
      authorization_code: 'AUT-1',
    });
    expect(paid.result).toMatchObject({ status: 'completa', paid_cents: 34960 });
    expect(history(app, 'S-1').map((h) => (h as { to_status: string }).to_status)).toEqual([
      'aguardando_pagamento',
      'recusada',
      'completa',
    ]);
    expect(
      app.db.raw
        .prepare('SELECT external_id, declined, card_brand, authorization_code FROM payments ORDER BY external_id')
        .all(),
    ).toEqual([
      { external_id: 'P-1', declined: 1, card_brand: 'VISA', authorization_code: 'NEG-51' },
      { external_id: 'P-2', declined: 0, card_brand: 'VISA', authorization_code: 'AUT-1' },
    ]);
  });
});
