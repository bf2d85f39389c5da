import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { apply, applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { feeFor, settlementSchedule } from './fees';

const RULES = [
  { method: 'cartao_debito', min_installments: 1, max_installments: 1, rate_bp: 119, acquirer: 'Stone' },
  { method: 'cartao_credito', min_installments: 1, max_installments: 1, rate_bp: 309, acquirer: 'Stone' },
  { method: 'cartao_credito', min_installments: 2, max_installments: 6, rate_bp: 459, acquirer: 'Stone' },
  {
    method: 'cartao_credito',
    min_installments: 7,
    max_installments: 12,
    rate_bp: 529,
    fixed_cents: 50,
    acquirer: 'Stone',
  },
  { method: 'pix', min_installments: 1, max_installments: 1, rate_bp: 0, acquirer: 'Banco' },
];

async function storeWithRules() {
  const { app, session } = await openStoreWithCatalog();
  for (const r of RULES) expectOk(app.dispatch('payments.fee_rule_save', r, session));
  return { app, session };
}

function paymentRow(app: Awaited<ReturnType<typeof openStoreWithCatalog>>['app'], saleExternalId: string) {
  return app.db.raw
    .prepare(
      'SELECT p.method, p.installments, p.amount_cents, p.fee_cents, p.acquirer FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.external_id = ?',
    )
    .get(saleExternalId);
}

describe('card fees', () => {
  it('percent half up plus fixed, never more than the amount', () => {
    expect(feeFor({ rate_bp: 309, fixed_cents: 0 }, 10000)).toBe(309);
    // 34960 × 4,59 % = 1604,664 → 1605
    expect(feeFor({ rate_bp: 459, fixed_cents: 0 }, 34960)).toBe(1605);
    // 1000 × 1,19 % = 11,9 → 12, + R$ 0,50
    expect(feeFor({ rate_bp: 119, fixed_cents: 50 }, 1000)).toBe(62);
    expect(feeFor({ rate_bp: 0, fixed_cents: 500 }, 300)).toBe(300);
  });

  it('picks the rule by installment range: 1x, 2x and 6x, 7x and 12x', async () => {
    const { app, session } = await storeWithRules();
    const cases: [number, number][] = [
      [1, 1080], // 34960 × 3,09 % = 1080,264
      [2, 1605], // 4,59 %
      [6, 1605],
      [7, 1899], // 34960 × 5,29 % = 1849,384 → 1849 + 50
      [12, 1899],
    ];
    for (const [n, fee] of cases) {
      applyOk(
        app,
        session,
        'register_sale',
        saleData({ external_id: `S-${n}`, payments: [{ method: 'cartao_credito', amount: 34960, installments: n }] }),
      );
      expect(paymentRow(app, `S-${n}`)).toEqual({
        method: 'cartao_credito',
        installments: n,
        amount_cents: 34960,
        fee_cents: fee,
        acquirer: 'Stone',
      });
    }
    const detail = expectOk(app.dispatch('sales.get', { external_id: 'S-7' }, session));
    expect(detail?.payments.map((p) => [p.fee_cents, p.net_cents])).toEqual([[1899, 33061]]);
  });

  it('an overlapping active rule is refused', async () => {
    const { app, session } = await storeWithRules();
    expect(
      app.dispatch(
        'payments.fee_rule_save',
        { method: 'cartao_credito', min_installments: 6, max_installments: 8, rate_bp: 400, acquirer: 'Cielo' },
        session,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'fee_rule_overlap', message: 'Já existe uma taxa ativa para 2–6x nesta forma de pagamento.' },
    });
  });

  it('an imported fee_amount wins over the rule', async () => {
    const { app, session } = await storeWithRules();
    applyOk(app, session, 'register_sale', saleData({ payments: [] }));
    applyOk(app, session, 'register_payment', {
      reference_external_id: 'S-1',
      method: 'cartao_credito',
      amount: 34960,
      installments: 3,
      fee_amount: 1079,
    });
    expect(paymentRow(app, 'S-1')).toMatchObject({ fee_cents: 1079, acquirer: 'Stone' });
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2', payments: [] }));
    expect(
      apply(app, session, 'register_payment', {
        reference_external_id: 'S-2',
        method: 'pix',
        amount: 34960,
        fee_amount: 34961,
      }),
    ).toMatchObject({ ok: false, error: { code: 'fee_amount_too_large' } });
  });

  it('a later rate change leaves old payments and their settlements alone', async () => {
    const { app, session } = await storeWithRules();
    applyOk(app, session, 'register_sale', saleData({ payments: [{ method: 'cartao_debito', amount: 34960 }] }));
    const rule = app.db.raw.prepare("SELECT id FROM payment_fee_rules WHERE method = 'cartao_debito'").get() as {
      id: string;
    };
    expectOk(app.dispatch('payments.fee_rule_save', { ...RULES[0], id: rule.id, rate_bp: 500 }, session));
    applyOk(
      app,
      session,
      'register_sale',
      saleData({ external_id: 'S-2', payments: [{ method: 'cartao_debito', amount: 34960 }] }),
    );
    expect(paymentRow(app, 'S-1')).toMatchObject({ fee_cents: 416 }); // 34960 × 1,19 % = 416,024
    expect(paymentRow(app, 'S-2')).toMatchObject({ fee_cents: 1748 }); // × 5 %
    // Débito settles D+1 (the sale is on 2026-11-20 in São Paulo).
    expect(
      app.db.raw
        .prepare(
          'SELECT expected_on, gross_cents, fee_cents, net_cents FROM payment_settlements ORDER BY created_at, rowid',
        )
        .all(),
    ).toEqual([
      { expected_on: '2026-11-21', gross_cents: 34960, fee_cents: 416, net_cents: 34544 },
      { expected_on: '2026-11-21', gross_cents: 34960, fee_cents: 1748, net_cents: 33212 },
    ]);
  });

  it('crédito settles D+30 per installment, summing exactly; the calendar and its CSV add them up', async () => {
    expect(settlementSchedule('cartao_credito', 3, 10000, 459, 30, '2026-11-20')).toEqual([
      { installment_number: 1, expected_on: '2026-12-20', gross_cents: 3334, fee_cents: 153 },
      { installment_number: 2, expected_on: '2027-01-19', gross_cents: 3333, fee_cents: 153 },
      { installment_number: 3, expected_on: '2027-02-18', gross_cents: 3333, fee_cents: 153 },
    ]);
    const { app, session } = await storeWithRules();
    applyOk(
      app,
      session,
      'register_sale',
      saleData({ payments: [{ method: 'cartao_credito', amount: 34960, installments: 2 }] }),
    );
    const cal = expectOk(app.dispatch('payments.calendar', { from: '2026-11-01', to: '2027-12-31' }, session));
    expect(cal.rows.map((r) => [r.expected_on, r.gross_cents, r.fee_cents, r.net_cents])).toEqual([
      ['2026-12-20', 17480, 803, 16677],
      ['2027-01-19', 17480, 802, 16678],
    ]);
    expect(cal.total_net_cents).toBe(34960 - 1605);
    const csv = expectOk(app.dispatch('payments.calendar_csv', { from: '2026-11-01', to: '2027-12-31' }, session)).csv;
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFData;Forma;Adquirente;Qtde;Bruto;Taxas;Líquido',
      '20/12/2026;Cartão de crédito;Stone;1;174,80;8,03;166,77',
      '19/01/2027;Cartão de crédito;Stone;1;174,80;8,02;166,78',
      'Total;;;;349,60;16,05;333,55',
      '',
    ]);
  });
});
