import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin } from '../auth/pin';
import type { Role } from '../auth/roles';
import type { Balcao } from '../balcao';
import { newSession, type Context, type Session } from '../contract/context';
import { newId } from '../db/ids';
import type { PaymentMethod } from '../db/schema';
import { putSetting } from '../settings/settings.queries';
import { insertRow } from '../sync/outbox';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { findOpenCashSession } from './cash.queries';

function ctxOf(app: Balcao, session: Session): Context {
  return { db: app.db, session, clock: { now: () => new Date() } };
}

function addUser(app: Balcao, login: string, role: Role, pin: string): string {
  const id = newId();
  app.db.transaction(() =>
    insertRow(ctxOf(app, newSession(true)), 'users', {
      id,
      name: `Usuário ${login}`,
      login,
      role,
      pin_hash: hashPin(pin),
      created_at: new Date().toISOString(),
    }),
  );
  return id;
}

async function setUp() {
  const { app, session: owner } = await openSetUpApp();
  const managerId = addUser(app, 'gerente', 'manager', '5678');
  addUser(app, 'caixa', 'cashier', '1111');
  const cashier = newSession();
  expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
  const registerId = owner.registerId ?? '';
  const storeId = app.db.raw.prepare("SELECT id FROM stores WHERE code = 'LJ01'").pluck().get() as string;
  return { app, owner, cashier, managerId, registerId, storeId };
}
type Harness = Awaited<ReturnType<typeof setUp>>;

let saleSeq = 0;
/** A minimal sale with its payments, written as the sales service would (no sales op yet). */
function recordSale(
  h: Harness,
  payments: { method: PaymentMethod; amount: number; tendered?: number; change?: number }[],
): string {
  const ctx = ctxOf(h.app, h.cashier);
  const sessionId = findOpenCashSession(h.app.db, h.registerId)?.id ?? null;
  const saleId = newId();
  const now = new Date().toISOString();
  const total = payments.reduce((a, p) => a + p.amount, 0);
  saleSeq += 1;
  h.app.db.transaction(() => {
    insertRow(ctx, 'sales', {
      id: saleId,
      external_id: `T-${saleSeq}-${saleId}`,
      number: `LJ01-CX1-${saleSeq}-${saleId}`,
      seq: saleSeq,
      store_id: h.storeId,
      register_id: h.registerId,
      channel: 'loja',
      occurred_at: now,
      subtotal_cents: total,
      line_discount_cents: 0,
      order_discount_cents: 0,
      total_cents: total,
      created_at: now,
    });
    for (const p of payments) {
      insertRow(ctx, 'payments', {
        id: newId(),
        sale_id: saleId,
        method: p.method,
        amount_cents: p.amount,
        tendered_cents: p.tendered ?? p.amount,
        change_cents: p.change ?? 0,
        register_id: h.registerId,
        cash_session_id: sessionId,
        occurred_at: now,
        created_at: now,
      });
    }
  });
  return saleId;
}

function recordCancellation(h: Harness, saleId: string, cashRefund: number): void {
  const now = new Date().toISOString();
  h.app.db.transaction(() =>
    insertRow(ctxOf(h.app, h.cashier), 'cancellations', {
      id: newId(),
      sale_id: saleId,
      reason: 'cliente desistiu',
      refund_cents: cashRefund,
      cash_refund_cents: cashRefund,
      cash_session_id: findOpenCashSession(h.app.db, h.registerId)?.id ?? null,
      occurred_at: now,
      created_at: now,
    }),
  );
}

function recordReturn(h: Harness, saleId: string, method: 'dinheiro' | 'original' | 'credito_loja', refund: number) {
  const now = new Date().toISOString();
  h.app.db.transaction(() =>
    insertRow(ctxOf(h.app, h.cashier), 'returns', {
      id: newId(),
      sale_id: saleId,
      reason: 'tamanho errado',
      condition: 'revenda',
      refund_method: method,
      refund_cents: refund,
      cash_session_id: findOpenCashSession(h.app.db, h.registerId)?.id ?? null,
      occurred_at: now,
      created_at: now,
    }),
  );
}

/** Opens with R$ 100,00 and makes the drawer expect exactly R$ 95,50. */
function busyDay(h: Harness) {
  const { app, cashier } = h;
  expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, cashier));
  const s1 = recordSale(h, [{ method: 'dinheiro', amount: 3550, tendered: 5000, change: 1450 }]);
  recordSale(h, [
    { method: 'pix', amount: 3000 },
    { method: 'cartao_debito', amount: 5000 },
  ]);
  const s3 = recordSale(h, [{ method: 'dinheiro', amount: 2000 }]);
  expectOk(app.dispatch('cash.movement', { kind: 'suprimento', amount_cents: 5000, reason: 'troco extra' }, cashier));
  expectOk(app.dispatch('cash.movement', { kind: 'sangria', amount_cents: 8000, reason: 'depósito no banco' }, cashier));
  recordCancellation(h, s3, 2000);
  recordReturn(h, s1, 'dinheiro', 1000);
  recordReturn(h, s1, 'original', 500);
}

function outboxCount(app: Balcao, table: string): number {
  return app.db.raw.prepare('SELECT count(*) FROM sync_outbox WHERE table_name = ?').pluck().get(table) as number;
}

describe('cash session: open, movements, summary, close', () => {
  it('adds up a busy day to the centavo and closes with a Z report at the head of the chain', async () => {
    const h = await setUp();
    busyDay(h);
    const summary = expectOk(h.app.dispatch('cash.summary', {}, h.cashier));
    expect(summary).toMatchObject({
      register: { id: h.registerId, code: 'CX1' },
      opened_by: { name: 'Usuário caixa' },
      opening_float_cents: 10000,
      cash_received_cents: 7000,
      change_given_cents: 1450,
      suprimentos_cents: 5000,
      sangrias_cents: 8000,
      cash_refunds_cents: 3000,
      // 10000 + 7000 − 1450 + 5000 − 8000 − 3000
      expected_cash_cents: 9550,
      totals_by_method: { dinheiro: 5550, pix: 3000, cartao_debito: 5000, cartao_credito: 0, boleto: 0, credito_loja: 0 },
      sales_count: 3,
    });
    expect(summary.movements.map((m) => [m.kind, m.amount_cents, m.reason])).toEqual([
      ['suprimento', 5000, 'troco extra'],
      ['sangria', 8000, 'depósito no banco'],
    ]);

    const closing = expectOk(
      h.app.dispatch(
        'cash.close',
        {
          denominations: { '5000': 1, '2000': 2, '500': 1, '50': 1 },
          counted_other: { pix: 3000, cartao_debito: 4900 },
          notes: 'tudo certo',
        },
        h.cashier,
      ),
    );
    const { report } = closing;
    expect(closing).toMatchObject({ number: 1, prev_hash: '0'.repeat(64) });
    expect(report).toMatchObject({
      number: 1,
      store: { code: 'LJ01', name: 'Loja Centro' },
      register: { code: 'CX1' },
      expected_cash_cents: 9550,
      counted_cash_cents: 9550,
      difference_cents: 0,
      max_difference_cents: 1000,
      approved_by: null,
      closed_by: { id: h.cashier.userId, name: 'Usuário caixa' },
      denominations: { '5000': 1, '2000': 2, '500': 1, '50': 1 },
      sales_count: 3,
      notes: 'tudo certo',
    });
    expect(report.methods).toEqual([
      { method: 'dinheiro', sales_cents: 5550, expected_cents: 9550, counted_cents: 9550, difference_cents: 0 },
      { method: 'pix', sales_cents: 3000, expected_cents: 3000, counted_cents: 3000, difference_cents: 0 },
      { method: 'cartao_credito', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
      { method: 'cartao_debito', sales_cents: 5000, expected_cents: 5000, counted_cents: 4900, difference_cents: -100 },
      { method: 'boleto', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
      { method: 'credito_loja', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
    ]);
    expect(report.movements.map((m) => m.kind)).toEqual(['suprimento', 'sangria']);

    const row = h.app.db.raw.prepare('SELECT * FROM cash_closings').get() as Record<string, unknown>;
    expect(row).toMatchObject({ number: 1, expected_cash_cents: 9550, counted_cash_cents: 9550, difference_cents: 0 });
    const expectedHash = createHash('sha256')
      .update('0'.repeat(64) + String(row.report))
      .digest('hex');
    expect(row.hash).toBe(expectedHash);
    expect(outboxCount(h.app, 'cash_closings')).toBe(1);
    expect(outboxCount(h.app, 'cash_movements')).toBe(2);

    expect(expectOk(h.app.dispatch('cash.report', { closing_id: closing.id }, h.cashier))).toEqual(closing);
    expect(h.app.dispatch('cash.summary', {}, h.cashier)).toMatchObject({
      ok: false,
      error: { code: 'cash_not_open', message: 'O caixa não está aberto.' },
    });
    // The register can open again after the closing.
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 0 }, h.cashier));
  });

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

  it('refuses a sangria larger than the cash expected in the drawer, unchanged', async () => {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 5000 }, h.cashier));
    recordSale(h, [{ method: 'dinheiro', amount: 1500, tendered: 2000, change: 500 }]);
    const before = dumpContent(h.app.db);
    expect(
      h.app.dispatch('cash.movement', { kind: 'sangria', amount_cents: 6501, reason: 'depósito' }, h.cashier),
    ).toEqual({
      ok: false,
      error: {
        code: 'insufficient_cash',
        message: 'A sangria é maior que o dinheiro esperado no caixa.',
        details: { available_cents: 6500 },
      },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
    const after = expectOk(
      h.app.dispatch('cash.movement', { kind: 'sangria', amount_cents: 6500, reason: 'depósito' }, h.cashier),
    );
    expect(after.expected_cash_cents).toBe(0);
  });

  it('refuses a second open of the same register, unchanged', async () => {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 1000 }, h.cashier));
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch('cash.open', { opening_float_cents: 2000, register_id: h.registerId }, h.owner)).toEqual({
      ok: false,
      error: { code: 'cash_already_open', message: 'Este caixa já está aberto.', details: { register_id: h.registerId } },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it('refuses an unknown register, unchanged', async () => {
    const h = await setUp();
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch('cash.open', { register_id: 'nao-existe', opening_float_cents: 0 }, h.cashier)).toEqual({
      ok: false,
      error: { code: 'register_not_found', message: 'Caixa não encontrado.', details: { register_id: 'nao-existe' } },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it.each([
    ['cash.close', { counted_cash_cents: 0 }],
    ['cash.movement', { kind: 'suprimento', amount_cents: 100, reason: 'troco' }],
  ] as const)('refuses %s when the register is not open, unchanged', async (name, input) => {
    const h = await setUp();
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch(name, input, h.cashier)).toEqual({
      ok: false,
      error: { code: 'cash_not_open', message: 'O caixa não está aberto.', details: { register_id: h.registerId } },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it.each([
    ['cash.open', { opening_float_cents: -1 }, 'opening_float_cents', 'O valor não pode ser negativo.'],
    ['cash.open', { opening_float_cents: 10.5 }, 'opening_float_cents', 'Valor em centavos deve ser inteiro.'],
    ['cash.movement', { kind: 'sangria', amount_cents: 0, reason: 'banco' }, 'amount_cents', 'O valor deve ser maior que zero.'],
    ['cash.movement', { kind: 'sangria', amount_cents: 100, reason: ' x ' }, 'reason', 'Informe o motivo (ao menos 3 letras).'],
    ['cash.movement', { kind: 'retirada', amount_cents: 100, reason: 'banco' }, 'kind', 'Escolha suprimento ou sangria.'],
    ['cash.close', {}, 'counted_cash_cents', 'Informe o dinheiro contado ou as cédulas e moedas.'],
    ['cash.close', { denominations: { '300': 1 } }, 'denominations.300', 'Cédula ou moeda desconhecida.'],
    ['cash.close', { denominations: { '100': -2 } }, 'denominations.100', 'Quantidade não pode ser negativa.'],
    ['cash.close', { counted_cash_cents: 0, counted_other: { pix: -5 } }, 'counted_other.pix', 'O valor não pode ser negativo.'],
    ['cash.close', { counted_cash_cents: 0, approval: { login: 'gerente', pin: '1' } }, 'approval.pin', 'Informe o PIN de quem aprova.'],
  ] as const)('rejects bad input to %s (%s) with a pt-BR message, unchanged', async (name, input, path, message) => {
    const h = await setUp();
    expectOk(h.app.dispatch('cash.open', { opening_float_cents: 1000 }, h.cashier));
    const before = dumpContent(h.app.db);
    const result = h.app.dispatch(name, input, h.cashier);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (result.ok) return;
    expect(result.error.details?.issues).toContainEqual({ path, message });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it('lets only roles with cash.operate touch the drawer', async () => {
    const h = await setUp();
    addUser(h.app, 'recepcao', 'receptionist', '3333');
    const reception = newSession();
    expectOk(h.app.dispatch('auth.login', { login: 'recepcao', pin: '3333' }, reception));
    expect(h.app.dispatch('cash.open', { opening_float_cents: 0 }, reception)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
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
