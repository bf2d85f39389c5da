import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { apply, applyOk, saleData } from '../../test/sales-fixtures';
import { openCounter } from '../../test/counter-fixtures';

/**
 * S-1 lists at R$ 359,60 (a pair at 299,90 + 3 socks at 19,90) and was imported open with
 * R$ 10,00 off: R$ 349,60 due. The 10% limit allows R$ 35,96 off the list in all, so R$ 25,96
 * more without a manager.
 */
async function openSale() {
  const h = await openCounter();
  applyOk(h.app, h.owner, 'register_sale', saleData({ payments: [] }));
  return h;
}

const APPROVAL_REQUIRED = { code: 'approval_required', message: 'Esta ação precisa da aprovação de um gerente.' };

describe('every path that lowers what a customer pays has the counter limit (issue 9, item 9)', () => {
  it('refuses a cashier sales.discount of 99.99% on an open sale without approval; changes nothing', async () => {
    const { app, cashier } = await openSale();
    const before = dumpContent(app.db);
    const discount = { reference_external_id: 'S-1', discount_percentage: 99.99 };
    expect(app.dispatch('sales.discount', discount, cashier)).toMatchObject({ ok: false, error: APPROVAL_REQUIRED });
    expect(
      app.dispatch('sales.discount', { ...discount, approval: { login: 'caixa', pin: '1111' } }, cashier),
    ).toMatchObject({ ok: false, error: { code: 'approval_invalid' } });
    expect(dumpContent(app.db)).toEqual(before);
    const approved = app.dispatch(
      'sales.discount',
      { ...discount, approval: { login: 'gerente', pin: '5678' } },
      cashier,
    );
    // 99,99% of 34.960 centavos is 34.956,504 → 34.957 half up: 3 centavos left to pay.
    expect(expectOk(approved)).toMatchObject({ total_cents: 3 });
  });

  it('refuses a receptionist discounting a sale to zero', async () => {
    const { app, receptionist } = await openSale();
    const before = dumpContent(app.db);
    expect(
      app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_amount: 34960 }, receptionist),
    ).toMatchObject({ ok: false, error: APPROVAL_REQUIRED });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('measures against the list price: R$ 25,96 more passes, R$ 25,97 needs a manager', async () => {
    const { app, cashier } = await openSale();
    expect(
      app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_amount: 2597 }, cashier),
    ).toMatchObject({ ok: false, error: APPROVAL_REQUIRED });
    const ok = app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_amount: 2596 }, cashier);
    expect(expectOk(ok)).toMatchObject({ total_cents: 32364 });
    // Discounts add up: a second R$ 0,01 goes beyond the limit.
    expect(app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_amount: 1 }, cashier)).toMatchObject(
      { ok: false, error: APPROVAL_REQUIRED },
    );
  });

  it('lets owners and managers (sales.discount) discount freely, through the operation and apply_discount', async () => {
    const { app, owner, manager } = await openSale();
    const half = app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_amount: 10000 }, manager);
    expect(expectOk(half)).toMatchObject({ total_cents: 24960 });
    const rest = apply(app, owner, 'apply_discount', { reference_external_id: 'S-1', discount_amount: 20000 });
    expect(expectOk(rest).result).toMatchObject({ total_cents: 4960 });
  });
});
