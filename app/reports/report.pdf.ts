import type { MonthlyReport } from './report.data';
import { reportCharts } from './report.charts';
import { PdfWriter } from './pdf.layout';
import { formatDateBR } from '../br/date-br';
import { brl, int, KIND_LABELS, METHOD_LABELS, monthLabel, pct1, pct2, qty } from './report.format';

/** The section titles of the monthly PDF, in order (tests look for each). */
export const SECTION_TITLES = [
  'Resumo financeiro',
  'Receita por dia',
  'Comparação com o mês anterior',
  'Produtos e procedimentos mais vendidos',
  'Comissões por vendedor',
  'Margens por categoria',
  'Fechamentos de caixa',
  'Segmentos RFM',
  'Agenda',
  'Leads: funil e origens',
  'Atendimentos realizados',
] as const;

type Progress = (step: number, steps: number) => void;

function cover(w: PdfWriter, r: MonthlyReport): void {
  const doc = w.doc;
  let y = 90;
  if (r.logo) {
    doc.image(r.logo.data, w.left, y, { fit: [160, 90] });
    y += 110;
  }
  doc
    .font('bold')
    .fontSize(26)
    .fillColor('#1f3a5f')
    .text(r.store.name || 'Balcão', w.left, y, { width: w.width });
  doc
    .font('body')
    .fontSize(16)
    .fillColor('black')
    .text('Relatório mensal', w.left, doc.y + 6, { width: w.width });
  doc
    .font('bold')
    .fontSize(20)
    .text(monthLabel(r.month), w.left, doc.y + 4, { width: w.width });
  doc.font('body').fontSize(11);
  const lines = [
    r.location ? `Unidade: ${r.location.name} (${r.location.code})` : 'Todas as unidades',
    `Período: ${formatDateBR(r.from)} a ${formatDateBR(r.to)}`,
    r.store.cnpj ? `CNPJ: ${r.store.cnpj}` : null,
    [r.store.address, r.store.city].filter(Boolean).join(' — ') || null,
    `Gerado em ${formatDateBR(r.generated_at)}`,
  ].filter((l): l is string => l !== null);
  doc.y += 14;
  for (const l of lines) doc.text(l, w.left, doc.y + 2, { width: w.width });
  doc.y += 30;
  w.facts([
    ['Receita líquida', brl(r.kpis.net_revenue)],
    ['Vendas', int(r.kpis.purchases)],
    ['Ticket médio', brl(r.kpis.ticket_medio)],
    ['Variação da receita líquida sobre o mês anterior', pct1(r.kpis.variation_pct.net_revenue)],
  ]);
  w.paragraph(
    'Valores pela data de cada evento: uma devolução ou cancelamento entra no mês em que aconteceu, ' +
      'por isso um mês fechado mostra sempre os mesmos números.',
    { size: 8.5, color: '#555555' },
  );
}

function finance(w: PdfWriter, r: MonthlyReport, charts: ReturnType<typeof reportCharts>): void {
  const k = r.kpis;
  w.section('Resumo financeiro');
  w.facts([
    ['Receita bruta (antes dos descontos)', brl(r.gross)],
    ['Descontos', brl(k.discounts)],
    ['Devoluções e cancelamentos', brl(k.refunds)],
    ['Receita líquida', brl(k.net_revenue)],
    ['Vendas (compras)', int(k.purchases)],
    ['Ticket médio', brl(k.ticket_medio)],
    ['Itens por venda', qty(k.items_per_sale_milli)],
  ]);
  w.subtitle('Por forma de pagamento (PIX e crédito parcelado à parte)');
  if (k.by_payment_method.length === 0) w.empty();
  else {
    w.table(
      [
        { header: 'Forma de pagamento', width: 0.5 },
        { header: 'Vendas', width: 0.2, align: 'right' },
        { header: 'Valor', width: 0.3, align: 'right' },
      ],
      k.by_payment_method.map((m) => [METHOD_LABELS[m.method] ?? m.method, int(m.count), brl(m.amount)]),
      ['Total', '', brl(k.by_payment_method.reduce((n, m) => n + m.amount, 0))],
    );
    w.chart(charts.methods, 240);
  }
  w.subtitle('Por unidade');
  if (k.by_location.length === 0) w.empty();
  else {
    w.table(
      [
        { header: 'Unidade', width: 0.5 },
        { header: 'Vendas', width: 0.2, align: 'right' },
        { header: 'Receita líquida', width: 0.3, align: 'right' },
      ],
      k.by_location.map((l) => [`${l.name} (${l.code})`, int(l.sales), brl(l.net_revenue)]),
      ['Total', int(k.by_location.reduce((n, l) => n + l.sales, 0)), brl(k.net_revenue)],
    );
  }
  w.section('Receita por dia', 260);
  if (k.by_day.length === 0) w.empty();
  else w.chart(charts.revenue, 230);
  w.section('Comparação com o mês anterior');
  const p = k.previous;
  const v = k.variation_pct;
  w.table(
    [
      { header: 'Indicador', width: 0.34 },
      { header: monthLabel(r.month), width: 0.22, align: 'right' },
      { header: monthLabel(p.from.slice(0, 7)), width: 0.22, align: 'right' },
      { header: 'Variação (MoM)', width: 0.22, align: 'right' },
    ],
    [
      ['Receita líquida', brl(k.net_revenue), brl(p.net_revenue), pct1(v.net_revenue)],
      ['Vendas', int(k.purchases), int(p.purchases), pct1(v.purchases)],
      ['Ticket médio', brl(k.ticket_medio), brl(p.ticket_medio), pct1(v.ticket_medio)],
      ['Itens por venda', qty(k.items_per_sale_milli), qty(p.items_per_sale_milli), pct1(v.items_per_sale_milli)],
      ['Descontos', brl(k.discounts), brl(p.discounts), pct1(v.discounts)],
      ['Devoluções e cancelamentos', brl(k.refunds), brl(p.refunds), pct1(v.refunds)],
    ],
  );
  w.chart(charts.comparison, 200);
}

function productsAndPeople(w: PdfWriter, r: MonthlyReport, charts: ReturnType<typeof reportCharts>): void {
  w.section('Produtos e procedimentos mais vendidos');
  if (r.top_products.length === 0) w.empty();
  else {
    w.table(
      [
        { header: 'Produto ou procedimento', width: 0.31 },
        { header: 'Tipo', width: 0.13 },
        { header: 'Quantidade', width: 0.12, align: 'right' },
        { header: 'Receita líquida', width: 0.17, align: 'right' },
        { header: 'Margem', width: 0.15, align: 'right' },
        { header: 'Margem %', width: 0.12, align: 'right' },
      ],
      r.top_products.map((p) => [
        p.name,
        KIND_LABELS[p.kind] ?? p.kind,
        qty(p.quantity_milli),
        brl(p.net_revenue),
        brl(p.margin_cents),
        pct2(p.net_revenue ? Math.round((p.margin_cents * 10000) / p.net_revenue) / 100 : null),
      ]),
    );
    w.chart(charts.products, 220);
  }
  w.section('Comissões por vendedor');
  if (r.commissions.length === 0) w.empty();
  else {
    const sum = (key: 'net_revenue' | 'gross_commission' | 'reversals' | 'commission') =>
      brl(r.commissions.reduce((n, c) => n + c[key], 0));
    w.table(
      [
        { header: 'Vendedor', width: 0.27 },
        { header: 'Vendas', width: 0.1, align: 'right' },
        { header: 'Receita líquida', width: 0.17, align: 'right' },
        { header: 'Comissão', width: 0.15, align: 'right' },
        { header: 'Estornos', width: 0.15, align: 'right' },
        { header: 'A pagar', width: 0.16, align: 'right' },
      ],
      r.commissions.map((c) => [
        c.salesperson_name ?? 'Sem vendedor',
        int(c.sales_count),
        brl(c.net_revenue),
        brl(c.gross_commission),
        brl(c.reversals),
        brl(c.commission),
      ]),
      [
        'Total',
        int(r.commissions.reduce((n, c) => n + c.sales_count, 0)),
        sum('net_revenue'),
        sum('gross_commission'),
        sum('reversals'),
        sum('commission'),
      ],
    );
  }
  w.section('Margens por categoria');
  if (r.category_margins.length === 0) w.empty();
  else {
    const net = r.category_margins.reduce((n, c) => n + c.net_revenue, 0);
    const margin = r.category_margins.reduce((n, c) => n + c.margin, 0);
    const fees = r.category_margins.reduce((n, c) => n + c.fees, 0);
    w.table(
      [
        { header: 'Categoria', width: 0.22 },
        { header: 'Quantidade', width: 0.11, align: 'right' },
        { header: 'Receita líquida', width: 0.15, align: 'right' },
        { header: 'Margem', width: 0.14, align: 'right' },
        { header: 'Margem %', width: 0.1, align: 'right' },
        { header: 'Taxas', width: 0.12, align: 'right' },
        { header: 'Margem após taxas', width: 0.16, align: 'right' },
      ],
      r.category_margins.map((c) => [
        c.category,
        qty(c.quantity_milli),
        brl(c.net_revenue),
        brl(c.margin),
        pct2(c.margin_pct),
        brl(c.fees),
        brl(c.margin_after_fees),
      ]),
      [
        'Total',
        '',
        brl(net),
        brl(margin),
        pct2(net ? Math.round((margin * 10000) / net) / 100 : null),
        brl(fees),
        brl(margin - fees),
      ],
    );
  }
}

function cashAndRfm(w: PdfWriter, r: MonthlyReport, charts: ReturnType<typeof reportCharts>): void {
  w.section('Fechamentos de caixa');
  if (r.cash_closings.length === 0) w.empty('Nenhum caixa fechado neste período.');
  else {
    const sum = (k: 'expected_cents' | 'counted_cents' | 'difference_cents') =>
      brl(r.cash_closings.reduce((n, c) => n + c[k], 0));
    w.table(
      [
        { header: 'Nº', width: 0.07, align: 'right' },
        { header: 'Caixa', width: 0.17 },
        { header: 'Unidade', width: 0.17 },
        { header: 'Fechado em', width: 0.17 },
        { header: 'Esperado', width: 0.14, align: 'right' },
        { header: 'Contado', width: 0.14, align: 'right' },
        { header: 'Diferença', width: 0.14, align: 'right' },
      ],
      r.cash_closings.map((c) => [
        String(c.number),
        c.register,
        c.store,
        formatDateBR(c.closed_at),
        brl(c.expected_cents),
        brl(c.counted_cents),
        brl(c.difference_cents),
      ]),
      ['Total', '', '', '', sum('expected_cents'), sum('counted_cents'), sum('difference_cents')],
    );
  }
  w.section('Segmentos RFM', 260);
  const customers = r.rfm.distribution.reduce((n, s) => n + s.count, 0);
  if (customers === 0) w.empty('Nenhum cliente cadastrado.');
  else {
    w.paragraph(`Distribuição dos clientes no fim de ${monthLabel(r.rfm.month)} (janela de 365 dias).`);
    w.chart(charts.rfm, 210);
    w.subtitle(`Movimentos de segmento desde ${monthLabel(r.rfm.previous_month)}`);
    if (r.rfm.moves.length === 0) w.empty('Nenhum cliente mudou de segmento.');
    else {
      w.table(
        [
          { header: 'De', width: 0.4 },
          { header: 'Para', width: 0.4 },
          { header: 'Clientes', width: 0.2, align: 'right' },
        ],
        r.rfm.moves.map((m) => [m.from, m.to, int(m.count)]),
      );
    }
  }
}

function agendaAndLeads(w: PdfWriter, r: MonthlyReport): void {
  w.section('Agenda');
  if (r.location) w.paragraph(`Profissionais da unidade ${r.location.name}.`, { size: 8.5, color: '#555555' });
  const a = r.agenda;
  if (!a || a.booked === 0) w.empty('Nenhum agendamento neste período.');
  else {
    w.facts([
      ['Agendados', int(a.booked)],
      ['Realizados', int(a.realized)],
      ['Cancelados', int(a.cancelled)],
      ['Faltas', int(a.no_shows)],
    ]);
    w.table(
      [
        { header: 'Profissional', width: 0.3 },
        { header: 'Agendados', width: 0.12, align: 'right' },
        { header: 'Realizados', width: 0.12, align: 'right' },
        { header: 'Cancelados', width: 0.12, align: 'right' },
        { header: 'Faltas', width: 0.1, align: 'right' },
        { header: 'Horas', width: 0.12, align: 'right' },
        { header: 'Ocupação', width: 0.12, align: 'right' },
      ],
      a.by_professional.map((p) => [
        p.professional,
        int(p.booked),
        int(p.realized),
        int(p.cancelled),
        int(p.no_shows),
        qty(Math.round((p.booked_minutes * 1000) / 60)),
        pct1(p.occupancy_pct === null ? null : Math.round(p.occupancy_pct * 10) / 10),
      ]),
    );
  }
  w.section('Leads: funil e origens');
  if (r.location) {
    w.paragraph('Leads não têm loja/unidade: funil e origens de toda a empresa.', { size: 8.5, color: '#555555' });
  }
  const l = r.leads;
  const total = l?.funnel[0]?.count ?? 0;
  if (!l || (total === 0 && l.attribution.every((o) => o.revenue === 0))) w.empty('Nenhum lead neste período.');
  else {
    w.table(
      [
        { header: 'Etapa alcançada', width: 0.6 },
        { header: 'Leads', width: 0.4, align: 'right' },
      ],
      [...l.funnel.map((f) => [f.label, int(f.count)]), ['Perdidos', int(l.lost)]],
    );
    w.subtitle('Atribuição por origem');
    w.table(
      [
        { header: 'Origem', width: 0.2 },
        { header: 'Leads', width: 0.09, align: 'right' },
        { header: 'Contatados', width: 0.13, align: 'right' },
        { header: 'Agendados', width: 0.12, align: 'right' },
        { header: 'Convertidos', width: 0.14, align: 'right' },
        { header: 'Conversão', width: 0.12, align: 'right' },
        { header: 'Receita', width: 0.2, align: 'right' },
      ],
      l.attribution.map((o) => [
        o.label,
        int(o.leads),
        int(o.contacted),
        int(o.scheduled),
        int(o.converted),
        pct1(Math.round(o.conversion_rate * 1000) / 10),
        brl(o.revenue),
      ]),
    );
  }
  w.section('Atendimentos realizados');
  if (r.realized.length === 0) w.empty('Nenhum atendimento realizado neste período.');
  else {
    const paid = r.realized.reduce((n, x) => n + (x.amount_cents ?? 0), 0);
    w.table(
      [
        { header: 'Data e hora', width: 0.17 },
        { header: 'Cliente', width: 0.25 },
        { header: 'Procedimento', width: 0.24 },
        { header: 'Profissional', width: 0.19 },
        { header: 'Valor', width: 0.15, align: 'right' },
      ],
      r.realized.map((x) => [
        formatDateBR(x.starts_at),
        x.customer,
        x.procedure,
        x.professional,
        x.amount_cents === null ? 'pacote/—' : brl(x.amount_cents),
      ]),
      [`${int(r.realized.length)} atendimentos`, '', '', '', brl(paid)],
    );
  }
}

/**
 * The monthly report as PDF bytes (A4, pt-BR, DejaVu Sans embedded): cover with logo and data,
 * then every section of `SECTION_TITLES` — a section without data says so — with vector charts
 * from the Dashboard's definitions and "Página N de M" on every page. `progress` is told each
 * step (the screen's bar).
 */
export function monthlyReportPdf(r: MonthlyReport, progress: Progress = () => undefined): Buffer {
  const place = r.location ? ` · ${r.location.name}` : '';
  const w = new PdfWriter(
    `Relatório mensal ${monthLabel(r.month)} — ${r.store.name}`,
    `${r.store.name}${place} · Relatório mensal de ${monthLabel(r.month)}`,
  );
  const charts = reportCharts(r);
  const steps = 5;
  cover(w, r);
  progress(1, steps);
  w.newPage();
  finance(w, r, charts);
  progress(2, steps);
  productsAndPeople(w, r, charts);
  progress(3, steps);
  cashAndRfm(w, r, charts);
  progress(4, steps);
  agendaAndLeads(w, r);
  const bytes = w.finish();
  progress(5, steps);
  return bytes;
}
