import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { runCli } from '../cli/main';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { computeCommissions, computeMargins } from './finance';
import { feesBy, lineFees } from './margins-fees';
import { categoryMargins } from '../reports/report.finance';

/** Crédito à vista 3,09 %: on R$ 349,60 the fee is 1080,264 → R$ 10,80. */
async function storeWithCardFee() {
  const { app, session } = await openStoreWithCatalog();
  expectOk(
    app.dispatch(
      'payments.fee_rule_save',
      { method: 'cartao_credito', min_installments: 1, max_installments: 12, rate_bp: 309, acquirer: 'Stone' },
      session,
    ),
  );
  return { app, session };
}

/** saleData(): TEN-AZ-38 29990 + 3 × MEIA-01 1990 − 1000 discount → lines net 29156 and 5804 (total 34960). */
const cardSale = (external_id = 'S-1', occurred_at = '2026-11-20T14:00:00-03:00') =>
  saleData({ external_id, occurred_at, payments: [{ method: 'cartao_credito', amount: 34960 }] });

const NOV = ['2026-11-01', '2026-11-30'] as const;
const DEC = ['2026-12-01', '2026-12-31'] as const;

function saleId(app: Awaited<ReturnType<typeof openStoreWithCatalog>>['app'], externalId: string): string {
  return (app.db.raw.prepare('SELECT id FROM sales WHERE external_id = ?').get(externalId) as { id: string }).id;
}

describe('margin after fees (issue 17)', () => {
  it("allocates a card fee over a sale's two lines by net, largest remainder, summing exactly", async () => {
    const { app, session } = await storeWithCardFee();
    applyOk(app, session, 'register_sale', cardSale());
    const fees = [...lineFees(app.db, saleId(app, 'S-1')).values()];
    // 1080 × 29156 / 34960 = 900,70 and 1080 × 5804 / 34960 = 179,30: floors 900 + 179 = 1079,
    // the centavo left goes to the larger remainder (0,70).
    expect(fees.sort((a, b) => b - a)).toEqual([901, 179]);
    expect(fees.reduce((a, b) => a + b, 0)).toBe(1080);

    const margins = computeMargins(app.db, ...NOV);
    expect(margins.map((m) => ({ key: m.key, ...pick(m) }))).toEqual([
      // 29156 − 12000 = 17156; after fees 17156 − 901 = 16255 (55,75 % of 29156)
      { key: 'TEN-AZ-38', margin: 17156, fees: 901, margin_after_fees: 16255, margin_after_fees_pct: 55.75 },
      // 5804 − 3 × 500 = 4304; 4304 − 179 = 4125 (71,07 %)
      { key: 'MEIA-01', margin: 4304, fees: 179, margin_after_fees: 4125, margin_after_fees_pct: 71.07 },
    ]);
    for (const m of margins) expect(m.margin_after_fees).toBe(m.margin - m.fees);
    expect(computeMargins(app.db, ...NOV, 'category').map((m) => [m.key, m.fees, m.margin_after_fees])).toEqual([
      ['Calçados', 901, 16255],
      ['Acessórios', 179, 4125],
    ]);
    // The monthly report's margins by category carry the same fees (all locations, and the store's own).
    const store = (app.db.raw.prepare("SELECT id FROM stores WHERE code = 'LJ01'").get() as { id: string }).id;
    for (const loc of [null, store]) {
      expect(categoryMargins(app.db, ...NOV, loc).map((m) => [m.category, m.fees, m.margin_after_fees])).toEqual([
        ['Calçados', 901, 16255],
        ['Acessórios', 179, 4125],
      ]);
    }
  });

  it("prints the fees on the CLI with --fees, and issue 13's fields exactly without it", async () => {
    const { app, session } = await storeWithCardFee();
    applyOk(app, session, 'register_sale', cardSale());
    const path = app.path;
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const code = await runCli([...args, '--db', path, '--json'], { out: (t) => out.push(t), err: () => undefined });
      expect(code).toBe(0);
      return JSON.parse(out.join('')) as unknown;
    };
    const args = ['margins', '--from', '2026-11-01', '--to', '2026-11-30', '--by', 'category'];
    expect(await cli(...args)).toEqual([
      { key: 'Calçados', quantity: 1, net_revenue: 29156, margin: 17156, margin_pct: 58.84 },
      { key: 'Acessórios', quantity: 3, net_revenue: 5804, margin: 4304, margin_pct: 74.16 },
    ]);
    expect(await cli(...args, '--fees')).toEqual([
      {
        key: 'Calçados',
        quantity: 1,
        net_revenue: 29156,
        margin: 17156,
        margin_pct: 58.84,
        fees: 901,
        margin_after_fees: 16255,
        margin_after_fees_pct: 55.75,
      },
      {
        key: 'Acessórios',
        quantity: 3,
        net_revenue: 5804,
        margin: 4304,
        margin_pct: 74.16,
        fees: 179,
        margin_after_fees: 4125,
        margin_after_fees_pct: 71.07,
      },
    ]);
  });

  it('leaves commissions unchanged: the same sale paid by PIX (no fee) and by card pays the same commission', async () => {
    const card = await storeWithCardFee();
    applyOk(card.app, card.session, 'register_sale', cardSale());
    const pix = await storeWithCardFee();
    applyOk(pix.app, pix.session, 'register_sale', saleData());
    expect(feesBy(card.app.db, ...NOV, 'variant').reduce((a, f) => a + f.fees, 0)).toBe(1080);
    expect(feesBy(pix.app.db, ...NOV, 'variant')).toEqual([]);
    const commissions = computeCommissions(card.app.db, ...NOV).map((c) => [c.salesperson_external_id, c.commission]);
    // 3,5 % of each line's net: 29156 → 1020,46 → 1020; 5804 → 203,14 → 203.
    expect(commissions).toEqual([['V01', 1223]]);
    expect(computeCommissions(pix.app.db, ...NOV).map((c) => [c.salesperson_external_id, c.commission])).toEqual(
      commissions,
    );
  });

  it('reverses fees like the margin: a return in its own month (the last one exactly), a cancellation', async () => {
    const { app, session } = await storeWithCardFee();
    applyOk(app, session, 'register_sale', cardSale());
    applyOk(app, session, 'register_sale', cardSale('S-2'));
    const ret = (external_id: string, qty: number, occurred_at: string) =>
      applyOk(app, session, 'register_return', {
        external_id,
        reference_external_id: 'S-1',
        items: [{ variant_external_id: 'MEIA-01', qty }],
        reason: 'tamanho errado',
        condition: 'revenda',
        refund_method: 'original',
        occurred_at,
      });
    ret('R-1', 1, '2026-12-02T10:00:00-03:00');
    ret('R-2', 2, '2026-12-03T10:00:00-03:00');
    // A closed month never changes: November keeps both sales' fees (2 × 179 on MEIA-01).
    expect(feesBy(app.db, ...NOV, 'variant')).toEqual([
      { key: 'MEIA-01', name: 'Meia Esportiva', fees: 358 },
      { key: 'TEN-AZ-38', name: 'Tênis Corrida Azul 38 Azul', fees: 1802 },
    ]);
    // December: 1 of 3 → 179 / 3 = 59,67 → 60; the last 2 take exactly the rest, 119.
    expect(feesBy(app.db, ...DEC, 'variant')).toEqual([{ key: 'MEIA-01', name: 'Meia Esportiva', fees: -179 }]);
    expect(feesBy(app.db, '2026-12-02', '2026-12-02', 'variant')[0]?.fees).toBe(-60);
    const dec = computeMargins(app.db, ...DEC).find((m) => m.key === 'MEIA-01');
    // The margin reverses 4304 (1435 + 2869); after fees 179 less is reversed.
    expect(dec).toMatchObject({ margin: -4304, fees: -179, margin_after_fees: -4125 });

    applyOk(app, session, 'register_cancellation', {
      reference_external_id: 'S-2',
      reason: 'erro',
      occurred_at: '2026-11-25T10:00:00-03:00',
    });
    // S-2 cancelled in its own month: its fees leave November with its margin.
    expect(feesBy(app.db, ...NOV, 'product').map((f) => [f.key, f.fees])).toEqual([
      ['MEIA-01', 179],
      ['TEN-AZ-38', 901],
    ]);
  });

  it('leaves unpaid sales out and dates a parcela received by card on its own day', async () => {
    const { app, session } = await storeWithCardFee();
    expectOk(
      app.dispatch(
        'payments.fee_rule_save',
        { method: 'cartao_debito', min_installments: 1, max_installments: 1, rate_bp: 119, acquirer: 'Stone' },
        session,
      ),
    );
    applyOk(app, session, 'register_sale', { ...cardSale('S-UNPAID'), payments: [] });
    applyOk(app, session, 'register_sale', {
      ...saleData({ external_id: 'CR-1', items: [{ variant_external_id: 'TEN-AZ-38', qty: 1, unit_price: 30000 }] }),
      discount_amount: 0,
      payments: [{ method: 'crediario', amount: 30000, installments: 3, first_due_date: '2026-12-20' }],
    });
    applyOk(app, session, 'receive_installment', {
      external_id: 'RC-1',
      reference_external_id: 'CR-1',
      installment_number: 1,
      method: 'cartao_debito',
      amount: 10000,
      occurred_at: '2026-12-20T10:00:00-03:00',
    });
    expect(feesBy(app.db, ...NOV, 'variant')).toEqual([]);
    // 10000 × 1,19 % = 119, on the only line, in December (no sale that month: a row of its own).
    expect(computeMargins(app.db, ...DEC)).toEqual([
      {
        key: 'TEN-AZ-38',
        name: 'Tênis Corrida Azul 38 Azul',
        quantity: 0,
        net_revenue: 0,
        margin: 0,
        margin_pct: null,
        fees: 119,
        margin_after_fees: -119,
        margin_after_fees_pct: null,
      },
    ]);
  });
});

function pick(m: { margin: number; fees: number; margin_after_fees: number; margin_after_fees_pct: number | null }) {
  return {
    margin: m.margin,
    fees: m.fees,
    margin_after_fees: m.margin_after_fees,
    margin_after_fees_pct: m.margin_after_fees_pct,
  };
}
