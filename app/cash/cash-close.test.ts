import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { newId } from '../db/ids';
import type { PaymentMethod } from '../db/schema';
import { putSetting } from '../settings/settings.queries';
import { insertRow } from '../sync/outbox';
import { dumpContent, expectOk } from '../../test/helpers';
import { ctxOf, setUp } from './cash.fixtures';

describe('counting the drawer', () => {
  it('sums denominations of every note and coin', async () => {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 38890 }, h.owner));
    const denominations = {
      '20000': 1,
      '10000': 1,
      '5000': 1,
      '2000': 1,
      '1000': 1,
      '500': 1,
      '200': 1,
      '100': 1,
      '50': 1,
      '25': 1,
      '10': 1,
      '5': 1,
    };
    const closing = expectOk(h.app.dispatch('cash.close', { denominations }, h.owner));
    expect(closing.report).toMatchObject({ counted_cash_cents: 38890, difference_cents: 0 });
    // Printed in the store's zone, not the zone of whichever computer reprints it.
    expect(closing.report.store.timezone).toBe('America/Sao_Paulo');
  });

  it('accepts a counted total together with matching denominations, and refuses a mismatch unchanged', async () => {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 700 }, h.cashier));
    const before = dumpContent(h.app.db);
    expect(
      h.app.dispatch('cash.close', { counted_cash_cents: 800, denominations: { '500': 1, '200': 1 } }, h.cashier),
    ).toEqual({
      ok: false,
      error: {
        code: 'counted_cash_mismatch',
        message: 'O valor contado não confere com a soma das cédulas e moedas.',
        details: { counted_cash_cents: 800, denominations_cents: 700 },
      },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
    const ok = expectOk(
      h.app.dispatch('cash.close', { counted_cash_cents: 700, denominations: { '500': 1, '200': 1 } }, h.cashier),
    );
    expect(ok.report.difference_cents).toBe(0);
  });
});

describe('closing with a difference', () => {
  async function openWithFloat() {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 10000 }, h.cashier));
    return h;
  }

  it("needs a manager's approval above R$ 10,00 and changes nothing without it", async () => {
    const h = await openWithFloat();
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch('cash.close', { counted_cash_cents: 8999 }, h.cashier)).toMatchObject({
      ok: false,
      error: { code: 'approval_required', message: 'Esta ação precisa da aprovação de um gerente.' },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it('refuses a wrong PIN and a cashier approving their own difference, unchanged', async () => {
    const h = await openWithFloat();
    const before = dumpContent(h.app.db);
    for (const approval of [
      { login: 'gerente', pin: '0000' },
      { login: 'caixa', pin: '1111' },
    ]) {
      const result = h.app.dispatch('cash.close', { counted_cash_cents: 11500, approval }, h.cashier);
      expect(result).toMatchObject({ ok: false, error: { code: 'approval_invalid' } });
    }
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it("closes with a manager's PIN and records who approved", async () => {
    const h = await openWithFloat();
    const closing = expectOk(
      h.app.dispatch(
        'cash.close',
        { counted_cash_cents: 8500, approval: { login: 'gerente', pin: '5678' } },
        h.cashier,
      ),
    );
    expect(closing.report).toMatchObject({
      difference_cents: -1500,
      approved_by: { id: h.managerId, name: 'Usuário gerente' },
      closed_by: { id: h.cashier.userId },
    });
    const row = h.app.db.raw.prepare('SELECT approved_by, difference_cents FROM cash_closings').get();
    expect(row).toEqual({ approved_by: h.managerId, difference_cents: -1500 });
    const list = expectOk(h.app.dispatch('cash.closings', {}, h.cashier));
    expect(list.closings).toMatchObject([{ number: 1, difference_cents: -1500, approved_by_name: 'Usuário gerente' }]);
  });

  it('tolerates exactly the limit without approval', async () => {
    const h = await openWithFloat();
    const closing = expectOk(h.app.dispatch('cash.close', { counted_cash_cents: 11000 }, h.cashier));
    expect(closing.report).toMatchObject({ difference_cents: 1000, approved_by: null });
  });

  it("uses the store's own limit from the settings", async () => {
    const h = await openWithFloat();
    putSetting(h.app.db, 'cash.max_difference_cents', 0, new Date().toISOString());
    expect(h.app.dispatch('cash.close', { counted_cash_cents: 9995 }, h.cashier)).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
  });

  it('needs no PIN when the one closing is a manager or owner: they approve it themselves', async () => {
    const h = await openWithFloat();
    const closing = expectOk(h.app.dispatch('cash.close', { counted_cash_cents: 5000 }, h.owner));
    expect(closing.report.approved_by).toEqual({ id: h.owner.userId, name: 'Ana Dona' });
  });
});

describe('with the sales operations', () => {
  it('counts sales, a cancellation and a cash return made through sales.* in the drawer', async () => {
    const h = await setUp();
    const now = new Date().toISOString();
    const admin = ctxOf(h.app, newSession(true));
    h.app.db.transaction(() => {
      const productId = newId();
      insertRow(admin, 'products', {
        id: productId,
        name: 'Chinelo',
        category: 'Calçados',
        kind: 'goods',
        created_at: now,
        updated_at: now,
      });
      insertRow(admin, 'variants', {
        id: newId(),
        product_id: productId,
        external_id: 'CHN-38',
        price_cents: 2500,
        cost_cents: 1000,
        created_at: now,
        updated_at: now,
      });
    });
    putSetting(h.app.db, 'stock.allow_negative', true, now);
    const sell = (id: string, qty: number, payments: { method: PaymentMethod; amount: number }[]) =>
      expectOk(
        h.app.dispatch(
          'sales.register',
          { external_id: id, items: [{ variant_external_id: 'CHN-38', qty }], payments },
          h.cashier,
        ),
      );

    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 5000 }, h.cashier));
    sell('V1', 2, [{ method: 'dinheiro', amount: 10000 }]);
    sell('V2', 1, [{ method: 'pix', amount: 2500 }]);
    sell('V3', 1, [{ method: 'dinheiro', amount: 2500 }]);
    expectOk(h.app.dispatch('sales.cancel', { reference_external_id: 'V3', reason: 'desistiu' }, h.owner));
    expectOk(
      h.app.dispatch(
        'sales.return',
        {
          reference_external_id: 'V1',
          items: [{ variant_external_id: 'CHN-38', qty: 1 }],
          reason: 'tamanho errado',
          condition: 'revenda',
          refund_method: 'dinheiro',
        },
        h.owner,
      ),
    );

    expect(expectOk(h.app.dispatch('cash.summary', {}, h.cashier))).toMatchObject({
      opening_float_cents: 5000,
      cash_received_cents: 12500,
      change_given_cents: 5000,
      cash_refunds_cents: 5000,
      // 5000 + 12500 − 5000 − (2500 cancelled + 2500 returned)
      expected_cash_cents: 7500,
      totals_by_method: { dinheiro: 7500, pix: 2500 },
      sales_count: 3,
    });
  });
});
