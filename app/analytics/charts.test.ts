import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers';
import { openFixtureStore } from './analytics.fixture';
import { dashboardCharts, leadFunnelChart, tableCsv, topCustomersChart } from './charts';
import { dashboardData } from './dashboard';

describe('dashboard charts (issue 13)', () => {
  it('builds every chart with the table of its numbers, from the fixture', async () => {
    const { app } = await openFixtureStore(tempDbPath());
    const data = dashboardData(app.db, '2026-10-01', '2026-10-31', new Date('2026-11-15T12:00:00Z'), app.db);
    const charts = dashboardCharts(data);
    expect(charts.map((c) => c.id)).toEqual([
      'revenue-by-day',
      'payment-methods',
      'top-products',
      'period-comparison',
      'rfm-distribution',
      'rfm-movement',
    ]);
    const pay = charts.find((c) => c.id === 'payment-methods');
    expect(pay?.table.rows).toEqual([
      ['PIX', 790, 7],
      ['Dinheiro', 200, 1],
      ['Crédito à vista', 100, 1],
      ['Crédito parcelado', 100, 1],
    ]);
    // October's run as of 2026-10-31 (see analytics.fixture.test.ts): 2 campeões, 2 fiéis, …
    const dist = charts.find((c) => c.id === 'rfm-distribution');
    expect(dist?.table.rows).toEqual([
      ['Campeões', 2],
      ['Fiéis', 2],
      ['Oportunistas', 2],
      ['Em risco', 1],
      ['Hibernando', 1],
      ['Perdidos', 2],
      ['Sem compras', 3],
    ]);
    expect(topCustomersChart(data).table.header).toEqual(['Cliente', 'Receita líquida (R$)', 'Compras']);
    expect(topCustomersChart(data).table.rows.length).toBe(data.top_customers.length);
    // The fixture has no leads but the leads table exists: every stage counted, zero.
    expect(leadFunnelChart(data)?.table.rows).toEqual([
      ['Novos', 0],
      ['Contatados', 0],
      ['Interessados', 0],
      ['Agendados', 0],
      ['Convertidos', 0],
    ]);
    expect(tableCsv({ header: ['Forma', 'Valor (R$)'], rows: [['PIX', 790.5]] })).toBe(
      '\uFEFFForma;Valor (R$)\r\nPIX;790,5\r\n',
    );
    app.close();
  });
});
