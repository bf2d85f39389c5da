import { describe, expect, it } from 'vitest';
import type { Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { dumpContent, expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog } from '../../test/sales-fixtures';
import { addUser } from './cash.fixtures';

/* The role matrix of issue 9 item 12 (ARCHITECTURE.md, "Who sees and does what"). */

function login(app: Balcao, user: string, pin: string): Session {
  const session = newSession();
  expectOk(app.dispatch('auth.login', { login: user, pin }, session));
  return session;
}

async function store() {
  const { app, session: owner } = await openStoreWithCatalog();
  const managerId = addUser(app, 'gerente', 'manager', '5678');
  addUser(app, 'caixa', 'cashier', '1111');
  addUser(app, 'recepcao', 'receptionist', '3333');
  const manager = login(app, 'gerente', '5678');
  const cashier = login(app, 'caixa', '1111');
  const reception = login(app, 'recepcao', '3333');
  const other = expectOk(app.dispatch('registers.upsert', { code: 'CX2', name: 'Caixa 2' }, owner)) as { id: string };
  return { app, owner, manager, managerId, cashier, reception, otherRegister: other.id };
}

const refused = (code: string, message?: string) => ({ ok: false, error: message ? { code, message } : { code } });

describe('Z reports of other registers', () => {
  it('a cashier sees only their own register; owner and manager see every register', async () => {
    const h = await store();
    const r2 = { register_id: h.otherRegister };
    expectOk(h.app.dispatch('cash.open', { ...r2, opening_float_cents: 1000 }, h.owner));
    const closing = expectOk(
      h.app.dispatch('cash.close', { ...r2, counted_cash_cents: 1000, counted_other: {} }, h.owner),
    ) as { id: string };
    const forbidden = refused('forbidden', 'Seu perfil só acessa o caixa deste terminal.');
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch('cash.closings', r2, h.cashier)).toMatchObject(forbidden);
    expect(h.app.dispatch('cash.report', { closing_id: closing.id }, h.cashier)).toMatchObject(forbidden);
    expect(h.app.dispatch('cash.verify-chain', r2, h.cashier)).toMatchObject(forbidden);
    expect(h.app.dispatch('cash.open', { ...r2, opening_float_cents: 0 }, h.cashier)).toMatchObject(forbidden);
    expect(dumpContent(h.app.db)).toEqual(before);
    // Their own register (the one this computer is) stays open to them.
    expect(expectOk(h.app.dispatch('cash.closings', {}, h.cashier)).closings).toEqual([]);
    for (const boss of [h.owner, h.manager]) {
      expect(expectOk(h.app.dispatch('cash.closings', r2, boss)).closings).toHaveLength(1);
      expect(expectOk(h.app.dispatch('cash.report', { closing_id: closing.id }, boss)).report).toMatchObject({
        register: { code: 'CX2' },
        counted_cash_cents: 1000,
      });
    }
  });
});

describe('exporting sales', () => {
  it('gives owner and manager a pt-BR CSV; cashier and receptionist are refused', async () => {
    const h = await store();
    applyOk(h.app, h.owner, 'register_sale', {
      external_id: 'S-1',
      customer_external_id: 'C01',
      items: [{ variant_external_id: 'MEIA-01', qty: 2 }],
      payments: [{ method: 'pix', amount: 3980 }],
    });
    for (const boss of [h.owner, h.manager]) {
      const out = expectOk(h.app.dispatch('sales.export', {}, boss));
      expect(out.count).toBe(1);
      const [header, row] = out.csv.replace('\uFEFF', '').split('\r\n');
      expect(header).toBe(
        'Número;Data;Canal;Loja;Cliente;Vendedor;Status;Subtotal;Descontos;Total;Pago;Troco;Devolvido;Líquido;Formas de pagamento',
      );
      expect(row?.split(';').slice(4, 15)).toEqual([
        'Maria Silva',
        '',
        'Completa',
        '39,80',
        '0,00',
        '39,80',
        '39,80',
        '0,00',
        '0,00',
        '39,80',
        'pix',
      ]);
    }
    for (const clerk of [h.cashier, h.reception]) {
      expect(h.app.dispatch('sales.export', {}, clerk)).toMatchObject(refused('forbidden'));
    }
  });
});

describe('sangria above the store limit', () => {
  it('needs a supervisor above cash.sangria_approval_above_cents (R$ 500,00 by default), and records who approved', async () => {
    const h = await store();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 200000 }, h.cashier));
    const sangria = (amount: number, extra: object = {}) =>
      h.app.dispatch('cash.movement', { kind: 'sangria', amount_cents: amount, reason: 'banco', ...extra }, h.cashier);
    expectOk(sangria(50000));
    const before = dumpContent(h.app.db);
    expect(sangria(50001)).toMatchObject(refused('approval_required', 'Esta ação precisa da aprovação de um gerente.'));
    expect(sangria(50001, { approval: { login: 'gerente', pin: '0000' } })).toMatchObject(refused('approval_invalid'));
    expect(sangria(50001, { approval: { login: 'caixa', pin: '1111' } })).toMatchObject(refused('approval_invalid'));
    expect(dumpContent(h.app.db)).toEqual(before);
    expectOk(sangria(50001, { approval: { login: 'gerente', pin: '5678' } }));
    // A manager's own sangria needs nobody else.
    expectOk(h.app.dispatch('cash.movement', { kind: 'sangria', amount_cents: 60000, reason: 'banco' }, h.manager));
    const rows = h.app.db.raw
      .prepare('SELECT amount_cents, approved_by, created_by FROM cash_movements ORDER BY rowid')
      .all();
    expect(rows).toEqual([
      { amount_cents: 50000, approved_by: null, created_by: h.cashier.userId },
      { amount_cents: 50001, approved_by: h.managerId, created_by: h.cashier.userId },
      { amount_cents: 60000, approved_by: h.manager.userId, created_by: h.manager.userId },
    ]);
    // The owner lowers the limit to R$ 100,00: R$ 100,01 now needs approval.
    expect(
      expectOk(h.app.dispatch('counter.settings.set', { cash_sangria_approval_above_cents: 10000 }, h.owner)),
    ).toMatchObject({ cash_sangria_approval_above_cents: 10000 });
    expectOk(sangria(10000));
    expect(sangria(10001)).toMatchObject(refused('approval_required'));
    expect(h.app.dispatch('counter.settings.set', { cash_sangria_approval_above_cents: -1 }, h.owner)).toMatchObject(
      refused('invalid_input'),
    );
  });
});

describe('a receptionist taking payments', () => {
  it('sells and takes cash into the caixa a cashier opened, but cannot open, bleed or read the drawer', async () => {
    const h = await store();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 10000 }, h.cashier));
    const sale = expectOk(
      h.app.dispatch(
        'sales.register',
        {
          external_id: 'R-1',
          items: [{ variant_external_id: 'MEIA-01', qty: 1 }],
          payments: [{ method: 'dinheiro', amount: 2000 }],
        },
        h.reception,
      ),
    );
    expect(sale).toMatchObject({ total_cents: 1990, change_cents: 10 });
    expect(expectOk(h.app.dispatch('cash.summary', {}, h.cashier)).expected_cash_cents).toBe(11990);
    for (const [op, input] of [
      ['cash.open', { opening_float_cents: 0 }],
      ['cash.movement', { kind: 'sangria', amount_cents: 100, reason: 'banco' }],
      ['cash.summary', {}],
      ['cash.close', { counted_cash_cents: 11990, counted_other: {} }],
      ['sales.cancel', { reference_external_id: 'R-1', reason: 'desistiu' }],
    ] as const) {
      expect(h.app.dispatch(op, input, h.reception)).toMatchObject(refused('forbidden'));
    }
  });
});
