import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';

/** The receivables calendar's CSV is written like every other export (app/reports/csv.writer.ts). */
describe('receivables calendar CSV', () => {
  it('quotes a text cell holding the delimiter, adds the Total line, and says so when a period is empty', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(
      app.dispatch(
        'payments.fee_rule_save',
        {
          method: 'cartao_debito',
          min_installments: 1,
          max_installments: 1,
          rate_bp: 119,
          acquirer: 'Stone; "Matriz"',
        },
        session,
      ),
    );
    applyOk(app, session, 'register_sale', saleData({ payments: [{ method: 'cartao_debito', amount: 34960 }] }));
    const csv = (from: string, to: string) =>
      expectOk(app.dispatch('payments.calendar_csv', { from, to }, session)).csv.split('\r\n');
    // 34960 × 1,19 % = 416,024 → 416; débito settles D+1.
    expect(csv('2026-11-01', '2026-11-30')).toEqual([
      '\uFEFFData;Forma;Adquirente;Qtde;Bruto;Taxas;Líquido',
      '21/11/2026;Cartão de débito;"Stone; ""Matriz""";1;349,60;4,16;345,44',
      'Total;;;;349,60;4,16;345,44',
      '',
    ]);
    expect(csv('2027-01-01', '2027-01-31')).toEqual([
      '\uFEFFData;Forma;Adquirente;Qtde;Bruto;Taxas;Líquido',
      'Sem dados neste período.',
      '',
    ]);
  });
});
