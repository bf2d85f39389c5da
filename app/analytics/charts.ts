/**
 * Chart definitions of the Dashboard as Apache ECharts option objects (issue 13), pure data with
 * no DOM: the renderer passes them to `echarts.init(el).setOption(...)` and the reports issue
 * renders the same objects to SVG in Node (`echarts.init(null, null, { ssr: true, renderer:
 * 'svg', width, height })`). Money arrives in centavos and is shown in reais; every builder
 * also returns the table of its numbers (`table`: header + rows) for the accessible view and
 * the CSV export. Builders take the data as the dispatcher hands it to a session (`Shaped`:
 * hideable fields such as margins may be null; no chart reads them), so plain `DashboardData`
 * is accepted too.
 */
import type { Shaped } from '../contract/visibility';
import type { DashboardData } from './dashboard';
import type { Kpis } from './kpis';
import { SEGMENTS, SEGMENT_LABELS } from './rfm';
import { csvDocument } from '../reports/csv.format';

export interface ChartTable {
  header: string[];
  rows: (string | number)[][];
}

export interface ChartDef {
  id: string;
  title: string;
  option: Record<string, unknown>;
  table: ChartTable;
}

const reais = (cents: number) => Math.round(cents) / 100;
const METHOD_LABELS: Record<string, string> = {
  pix: 'PIX',
  dinheiro: 'Dinheiro',
  cartao_debito: 'Cartão de débito',
  cartao_credito: 'Crédito à vista',
  credito_parcelado: 'Crédito parcelado',
  boleto: 'Boleto',
  credito_loja: 'Crédito da loja',
};

/** Net revenue per local day (line). */
export function revenueByDayChart(k: Kpis): ChartDef {
  return {
    id: 'revenue-by-day',
    title: 'Receita líquida por dia',
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: k.by_day.map((d) => d.date) },
      yAxis: { type: 'value', name: 'R$' },
      series: [
        { type: 'line', name: 'Receita líquida', data: k.by_day.map((d) => reais(d.net_revenue)), smooth: true },
      ],
    },
    table: {
      header: ['Dia', 'Receita líquida (R$)', 'Vendas'],
      rows: k.by_day.map((d) => [d.date, reais(d.net_revenue), d.sales]),
    },
  };
}

/** Amounts by payment method, PIX and crédito parcelado apart (pie). */
export function paymentMethodsChart(k: Kpis): ChartDef {
  const rows = k.by_payment_method.map(
    (m) => [METHOD_LABELS[m.method] ?? m.method, reais(m.amount), m.count] as [string, number, number],
  );
  return {
    id: 'payment-methods',
    title: 'Formas de pagamento',
    option: {
      animation: false,
      tooltip: { trigger: 'item' },
      // Each slice is named by its label (a legend under a labelled pie overlapped the labels).
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          label: { formatter: '{b}: {d}%' },
          data: rows.map(([name, value]) => ({ name, value })),
        },
      ],
    },
    table: { header: ['Forma', 'Valor (R$)', 'Vendas'], rows },
  };
}

/**
 * A ranking as horizontal bars, largest at the top: rows are [label, reais, second column]; the
 * table view shows all three columns under `header`.
 */
function rankingBars(id: string, title: string, header: string[], rows: [string, number, number][]): ChartDef {
  return {
    id,
    title,
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 160 },
      xAxis: { type: 'value', name: 'R$' },
      yAxis: { type: 'category', data: rows.map((r) => r[0]).reverse() },
      series: [{ type: 'bar', name: 'Receita líquida', data: rows.map((r) => r[1]).reverse() }],
    },
    table: { header, rows },
  };
}

/** Top products and procedures by net revenue (horizontal bars). */
export function topProductsChart(d: Shaped<DashboardData>): ChartDef {
  const rows = d.top_products.map(
    (p) => [p.name, reais(p.net_revenue), p.quantity_milli / 1000] as [string, number, number],
  );
  return rankingBars(
    'top-products',
    'Produtos e procedimentos mais vendidos',
    ['Produto', 'Receita líquida (R$)', 'Quantidade'],
    rows,
  );
}

/** This period against the previous one (grouped bars of the scalar KPIs in reais). */
export function periodComparisonChart(k: Kpis): ChartDef {
  const items: [string, number, number, number | null][] = [
    ['Receita líquida', reais(k.net_revenue), reais(k.previous.net_revenue), k.variation_pct.net_revenue],
    ['Ticket médio', reais(k.ticket_medio), reais(k.previous.ticket_medio), k.variation_pct.ticket_medio],
    ['Descontos', reais(k.discounts), reais(k.previous.discounts), k.variation_pct.discounts],
    ['Devoluções', reais(k.refunds), reais(k.previous.refunds), k.variation_pct.refunds],
  ];
  return {
    id: 'period-comparison',
    title: 'Período atual × anterior',
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: items.map((i) => i[0]), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', name: 'R$' },
      series: [
        { type: 'bar', name: `${k.from} a ${k.to}`, data: items.map((i) => i[1]) },
        { type: 'bar', name: `${k.previous.from} a ${k.previous.to}`, data: items.map((i) => i[2]) },
      ],
    },
    table: {
      header: ['Indicador', 'Atual (R$)', 'Anterior (R$)', 'Variação (%)'],
      rows: items.map((i) => [i[0], i[1], i[2], i[3] ?? '—']),
    },
  };
}

/** RFM distribution of the last closed month (bars) and its movement matrix (heatmap). */
export function rfmCharts(d: Shaped<DashboardData>): ChartDef[] {
  const labels = SEGMENTS.map((s) => SEGMENT_LABELS[s]);
  const heat: [number, number, number][] = [];
  SEGMENTS.forEach((from, y) => SEGMENTS.forEach((to, x) => heat.push([x, y, d.rfm.movement[from][to]])));
  const max = Math.max(1, ...heat.map((h) => h[2]));
  return [
    {
      id: 'rfm-distribution',
      title: `Segmentos RFM em ${d.rfm.month}`,
      option: {
        animation: false,
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: d.rfm.distribution.map((s) => s.label) },
        yAxis: { type: 'value', name: 'Clientes' },
        series: [{ type: 'bar', name: 'Clientes', data: d.rfm.distribution.map((s) => s.count) }],
      },
      table: { header: ['Segmento', 'Clientes'], rows: d.rfm.distribution.map((s) => [s.label, s.count]) },
    },
    {
      id: 'rfm-movement',
      title: `Movimento de segmentos: ${d.rfm.previous_month} → ${d.rfm.month}`,
      option: {
        animation: false,
        tooltip: { position: 'top' },
        grid: { left: 110, bottom: 80 },
        xAxis: { type: 'category', data: labels, name: 'Para', axisLabel: { rotate: 30 } },
        yAxis: { type: 'category', data: labels, name: 'De' },
        visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, show: false },
        series: [{ type: 'heatmap', data: heat, label: { show: true } }],
      },
      table: {
        header: ['De \\ Para', ...labels],
        rows: SEGMENTS.map((from) => [SEGMENT_LABELS[from], ...SEGMENTS.map((to) => d.rfm.movement[from][to])]),
      },
    },
  ];
}

/** The lead funnel of the period (horizontal bars, widest stage on top); null without leads. */
export function leadFunnelChart(d: Shaped<DashboardData>): ChartDef | null {
  if (!d.lead_funnel) return null;
  const rows = d.lead_funnel.map((s) => [s.label, s.count] as [string, number]);
  return {
    id: 'lead-funnel',
    title: 'Funil de leads',
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 110 },
      xAxis: { type: 'value', name: 'Leads' },
      yAxis: { type: 'category', data: rows.map((r) => r[0]).reverse() },
      series: [{ type: 'bar', name: 'Leads', data: rows.map((r) => r[1]).reverse(), label: { show: true } }],
    },
    table: { header: ['Etapa', 'Leads'], rows },
  };
}

/** The period's top customers by net revenue (horizontal bars). */
export function topCustomersChart(d: Shaped<DashboardData>): ChartDef {
  const rows = d.top_customers.map((c) => [c.name, reais(c.net_revenue), c.purchases] as [string, number, number]);
  return rankingBars('top-customers', 'Melhores clientes', ['Cliente', 'Receita líquida (R$)', 'Compras'], rows);
}

/** Every chart of the Dashboard, in screen order. */
export function dashboardCharts(d: Shaped<DashboardData>): ChartDef[] {
  return [
    revenueByDayChart(d.kpis),
    paymentMethodsChart(d.kpis),
    topProductsChart(d),
    periodComparisonChart(d.kpis),
    ...rfmCharts(d),
  ];
}

/** A chart's table as CSV for a pt-BR Excel (`;`, decimal comma, UTF-8 BOM). */
export function tableCsv(t: ChartTable): string {
  return csvDocument([t.header, ...t.rows], { delimiter: ';' });
}
