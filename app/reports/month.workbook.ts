import { SEGMENT_LABELS } from '../analytics/rfm';
import type { ExportColumn, SheetData, Cell } from './export.defs';
import type { MonthlyReport } from './report.data';
import { KIND_LABELS, METHOD_LABELS } from './report.format';

const money = (header: string, total = true): ExportColumn => ({ header, kind: 'money', width: 15, total });
const int = (header: string, total = true): ExportColumn => ({ header, kind: 'int', width: 11, total });
const text = (header: string, width = 24): ExportColumn => ({ header, kind: 'text', width });

function sheet(name: string, columns: ExportColumn[], rows: Cell[][]): SheetData {
  return { sheet: name, columns, count: rows.length, rows };
}

/** bp of part / whole (percentage cells), null when whole is 0. */
function bp(part: number, whole: number): number | null {
  return whole ? Math.round((part * 10_000) / whole) : null;
}

/**
 * The month workbook: one sheet per topic of the monthly report, the same numbers as the PDF
 * (money as numbers in R$, percentages as percentages, dates as dates).
 */
export function monthSheets(r: MonthlyReport): SheetData[] {
  const k = r.kpis;
  const p = k.previous;
  const v = (x: number | null) => (x === null ? null : Math.round(x * 100));
  return [
    sheet(
      'Resumo',
      [
        text('Indicador', 34),
        money('Mês', false),
        money('Mês anterior', false),
        { header: 'Variação', kind: 'pct', width: 11 },
      ],
      [
        ['Receita bruta (antes dos descontos)', r.gross, null, null],
        ['Descontos', k.discounts, p.discounts, v(k.variation_pct.discounts)],
        ['Devoluções e cancelamentos', k.refunds, p.refunds, v(k.variation_pct.refunds)],
        ['Receita líquida', k.net_revenue, p.net_revenue, v(k.variation_pct.net_revenue)],
        ['Ticket médio', k.ticket_medio, p.ticket_medio, v(k.variation_pct.ticket_medio)],
      ],
    ),
    sheet(
      'Receita por dia',
      [{ header: 'Dia', kind: 'date', width: 12 }, int('Vendas'), money('Receita líquida')],
      k.by_day.map((d) => [d.date, d.sales, d.net_revenue]),
    ),
    sheet(
      'Formas de pagamento',
      [text('Forma de pagamento'), int('Vendas'), money('Valor')],
      k.by_payment_method.map((m) => [METHOD_LABELS[m.method] ?? m.method, m.count, m.amount]),
    ),
    sheet(
      'Unidades',
      [text('Unidade'), text('Código', 10), int('Vendas'), money('Receita líquida')],
      k.by_location.map((l) => [l.name, l.code, l.sales, l.net_revenue]),
    ),
    sheet(
      'Produtos',
      [
        text('Produto ou procedimento', 30),
        text('Tipo', 14),
        { header: 'Quantidade', kind: 'qty', width: 11, total: true },
        money('Receita líquida'),
        money('Margem'),
        { header: 'Margem %', kind: 'pct', width: 10 },
      ],
      r.top_products.map((x) => [
        x.name,
        KIND_LABELS[x.kind] ?? x.kind,
        x.quantity_milli,
        x.net_revenue,
        x.margin_cents,
        bp(x.margin_cents, x.net_revenue),
      ]),
    ),
    sheet(
      'Comissões',
      [
        text('Vendedor'),
        int('Vendas'),
        money('Receita líquida'),
        money('Comissão'),
        money('Estornos'),
        money('A pagar'),
      ],
      r.commissions.map((c) => [
        c.salesperson_name ?? 'Sem vendedor',
        c.sales_count,
        c.net_revenue,
        c.gross_commission,
        c.reversals,
        c.commission,
      ]),
    ),
    sheet(
      'Categorias',
      [
        text('Categoria'),
        { header: 'Quantidade', kind: 'qty', width: 11, total: true },
        money('Receita líquida'),
        money('Margem'),
        { header: 'Margem %', kind: 'pct', width: 10 },
        money('Taxas'),
        money('Margem após taxas'),
      ],
      r.category_margins.map((c) => [
        c.category,
        c.quantity_milli,
        c.net_revenue,
        c.margin,
        bp(c.margin, c.net_revenue),
        c.fees,
        c.margin_after_fees,
      ]),
    ),
    sheet(
      'Caixas',
      [
        int('Nº', false),
        text('Caixa', 16),
        text('Unidade', 16),
        { header: 'Fechado em', kind: 'datetime', width: 17 },
        money('Esperado'),
        money('Contado'),
        money('Diferença'),
      ],
      r.cash_closings.map((c) => [
        c.number,
        c.register,
        c.store,
        c.closed_at,
        c.expected_cents,
        c.counted_cents,
        c.difference_cents,
      ]),
    ),
    sheet(
      'RFM',
      [text('Segmento', 16), int('Clientes')],
      r.rfm.distribution.map((s) => [SEGMENT_LABELS[s.segment], s.count]),
    ),
    sheet(
      'Agenda',
      [
        text('Profissional'),
        int('Agendados'),
        int('Realizados'),
        int('Cancelados'),
        int('Faltas'),
        int('Minutos ocupados'),
        int('Minutos disponíveis'),
        { header: 'Ocupação', kind: 'pct', width: 10 },
      ],
      (r.agenda?.by_professional ?? []).map((x) => [
        x.professional,
        x.booked,
        x.realized,
        x.cancelled,
        x.no_shows,
        x.booked_minutes,
        x.available_minutes,
        bp(x.booked_minutes, x.available_minutes),
      ]),
    ),
    sheet(
      'Leads',
      [
        text('Origem', 16),
        int('Leads'),
        int('Contatados'),
        int('Agendados'),
        int('Convertidos'),
        { header: 'Conversão', kind: 'pct', width: 10 },
        money('Receita'),
      ],
      (r.leads?.attribution ?? []).map((o) => [
        o.label,
        o.leads,
        o.contacted,
        o.scheduled,
        o.converted,
        Math.round(o.conversion_rate * 10_000),
        o.revenue,
      ]),
    ),
    sheet(
      'Atendimentos',
      [
        { header: 'Data e hora', kind: 'datetime', width: 17 },
        text('Cliente'),
        text('Procedimento'),
        text('Profissional', 18),
        money('Valor'),
      ],
      r.realized.map((x) => [x.starts_at, x.customer, x.procedure, x.professional, x.amount_cents]),
    ),
  ];
}
