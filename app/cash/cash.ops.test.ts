import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { dumpContent, expectOk } from '../../test/helpers';
import { addUser, busyDay, outboxCount, recordSale, setUp } from './cash.fixtures';

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
      // 20,00 cancelled + 10,00 returned "dinheiro" + 5,00 returned "original" of a cash sale
      cash_refunds_cents: 3500,
      // 10000 + 7000 − 1450 + 5000 − 8000 − 3500
      expected_cash_cents: 9050,
      totals_by_method: {
        dinheiro: 5550,
        pix: 3000,
        cartao_debito: 5000,
        cartao_credito: 0,
        boleto: 0,
        credito_loja: 0,
      },
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
          denominations: { '5000': 1, '2000': 2, '50': 1 },
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
      expected_cash_cents: 9050,
      counted_cash_cents: 9050,
      difference_cents: 0,
      max_difference_cents: 1000,
      approved_by: null,
      closed_by: { id: h.cashier.userId, name: 'Usuário caixa' },
      denominations: { '5000': 1, '2000': 2, '50': 1 },
      sales_count: 3,
      notes: 'tudo certo',
    });
    expect(report.methods).toEqual([
      { method: 'dinheiro', sales_cents: 5550, expected_cents: 9050, counted_cents: 9050, difference_cents: 0 },
      { method: 'pix', sales_cents: 3000, expected_cents: 3000, counted_cents: 3000, difference_cents: 0 },
      { method: 'cartao_credito', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
      { method: 'cartao_debito', sales_cents: 5000, expected_cents: 5000, counted_cents: 4900, difference_cents: -100 },
      { method: 'boleto', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
      { method: 'credito_loja', sales_cents: 0, expected_cents: 0, counted_cents: null, difference_cents: null },
    ]);
    expect(report.movements.map((m) => m.kind)).toEqual(['suprimento', 'sangria']);

    const row = h.app.db.raw.prepare('SELECT * FROM cash_closings').get() as Record<string, unknown>;
    expect(row).toMatchObject({ number: 1, expected_cash_cents: 9050, counted_cash_cents: 9050, difference_cents: 0 });
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
      error: {
        code: 'cash_already_open',
        message: 'Este caixa já está aberto.',
        details: { register_id: h.registerId },
      },
    });
    expect(dumpContent(h.app.db)).toEqual(before);
  });

  it('refuses an unknown register, unchanged', async () => {
    const h = await setUp();
    const before = dumpContent(h.app.db);
    expect(h.app.dispatch('cash.open', { register_id: 'nao-existe', opening_float_cents: 0 }, h.cashier)).toEqual({
      ok: false,
      error: { code: 'unknown_register', message: 'Caixa desconhecido.', details: { register_id: 'nao-existe' } },
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
    [
      'cash.movement',
      { kind: 'sangria', amount_cents: 0, reason: 'banco' },
      'amount_cents',
      'O valor deve ser maior que zero.',
    ],
    [
      'cash.movement',
      { kind: 'sangria', amount_cents: 100, reason: ' x ' },
      'reason',
      'Informe o motivo (ao menos 3 letras).',
    ],
    [
      'cash.movement',
      { kind: 'retirada', amount_cents: 100, reason: 'banco' },
      'kind',
      'Escolha suprimento ou sangria.',
    ],
    ['cash.close', {}, 'counted_cash_cents', 'Informe o dinheiro contado ou as cédulas e moedas.'],
    ['cash.close', { denominations: { '300': 1 } }, 'denominations.300', 'Cédula ou moeda desconhecida.'],
    ['cash.close', { denominations: { '100': -2 } }, 'denominations.100', 'Quantidade não pode ser negativa.'],
    [
      'cash.close',
      { counted_cash_cents: 0, counted_other: { pix: -5 } },
      'counted_other.pix',
      'O valor não pode ser negativo.',
    ],
    [
      'cash.close',
      { counted_cash_cents: 0, approval: { login: 'gerente', pin: '1' } },
      'approval.pin',
      'Informe o PIN de quem aprova.',
    ],
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
