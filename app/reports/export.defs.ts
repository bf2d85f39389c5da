import type { Context } from '../contract/context';
import { dayBound } from '../leads/leads.time';
import { computeRfm, SEGMENT_LABELS } from '../analytics/rfm';
import { readLeadConfig } from '../leads/leads.config';
import { STATUS_LABELS } from '../scheduling/appointment.service';
import { homeZone } from './report.store';
import { commissionLines } from './report.finance';
import { METHOD_LABELS } from './report.format';
import { ledgerParams } from '../analytics/ledger';
import { query, SWEEP_TABLE } from './export.sweep';
import type { SheetParts } from './csv.parallel';

/**
 * A column's type decides how each writer shows the raw value: `money` centavos (XLSX number in
 * reais with `"R$" #,##0.00`), `qty` thousandths (units), `pct` basis points (XLSX percentage),
 * `date` 'YYYY-MM-DD' and `datetime` 'YYYY-MM-DD HH:MM:SS' local wall time (XLSX dates), `int`,
 * `text`. `total` columns get a totals row (XLSX `SUBTOTAL(109, …)` with its cached value).
 */
export type ColumnKind = 'text' | 'int' | 'money' | 'qty' | 'pct' | 'date' | 'datetime';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  /** Characters (Excel column width). */
  width: number;
  total?: boolean;
  /** Text values shown through this map (status keys → pt-BR labels). */
  labels?: Record<string, string>;
}

export type Cell = string | number | null;

export interface SheetData {
  sheet: string;
  columns: ExportColumn[];
  /** How many rows `rows` yields (the progress bar's 100%). */
  count: number;
  rows: Iterable<Cell[]>;
  /**
   * The same rows as consecutive blocks of one SQL (`export.sweep.ts`, `range`): a UTF-8 CSV
   * reads these instead of `rows`, sharing the blocks with a part worker when they are many.
   */
  parts?: SheetParts | undefined;
}

export const EXPORT_KINDS = [
  'vendas',
  'itens',
  'pagamentos',
  'agendamentos',
  'clientes',
  'comissoes',
  'rfm',
  'leads',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Exports that carry personal data (names with phones, e-mails, CPF): `reports.personal`. */
export const PERSONAL_EXPORTS: ReadonlySet<ExportKind> = new Set(['clientes', 'leads']);

export interface Period {
  from: string;
  to: string;
}

const SALE_STATUS: Record<string, string> = {
  aguardando_pagamento: 'Aguardando pagamento',
  aprovada: 'Aprovada',
  completa: 'Completa',
  cancelada: 'Cancelada',
  parcialmente_reembolsada: 'Parcialmente reembolsada',
  reembolsada: 'Reembolsada',
  em_disputa: 'Em disputa',
  expirada: 'Expirada',
  recusada: 'Recusada',
};

const money = (header: string, total = true): ExportColumn => ({ header, kind: 'money', width: 14, total });
const text = (header: string, width = 20, labels?: Record<string, string>): ExportColumn => ({
  header,
  kind: 'text',
  width,
  ...(labels ? { labels } : {}),
});

/** The period's sale ids (any order: `sweepIds` sorts them), for `idsSql`. */
const PERIOD_IDS = 'SELECT a.sale_id FROM analytics_sales a WHERE a.local_date >= :from AND a.local_date <= :to';

const PERIOD_SALES = 'a.local_date >= :from AND a.local_date <= :to';

/**
 * One row per sale of the period, in time order: a single range scan of the covering index
 * `analytics_sales_export` (device 0034), whose row carries every column shown, so no sale,
 * state or line is looked up (the period's local dates are found within UTC bounds a day wider
 * on each side, as the ledger's).
 */
function vendas(ctx: Context, p: Period): SheetData {
  // Store and salesperson come as ids named through `names` (a few rows each, read once); the
  // customer's name is joined (one descent per row into device 0035's covering index, named
  // since the planner prefers the autoindex without statistics: measured cheaper than reading
  // the whole customers table into a Map, and it does not grow with the table).
  const sql = `SELECT a.number, a.occurred_at, a.store_id, a.salesperson_id, c.name, a.status, a.items_milli,
      a.subtotal_cents, a.discount_cents, a.total_cents, a.refunded_cents, a.net_cents
    FROM analytics_sales a LEFT JOIN customers c INDEXED BY customers_id_name ON c.id = a.customer_id
    WHERE a.occurred_at >= :from_utc AND a.occurred_at < :to_utc AND ${PERIOD_SALES}
    ORDER BY a.occurred_at, a.sale_id`;
  return query(ctx, {
    sql,
    names: [
      { column: 2, table: 'stores', name: 'code' },
      { column: 3, table: 'salespeople', name: 'name' },
    ],
    countSql: `SELECT count(*) AS n FROM analytics_sales a WHERE ${PERIOD_SALES}`,
    params: ledgerParams(p.from, p.to),
    range: { lo: 'from_utc', hi: 'to_utc' },
    zoneColumn: 2,
    sheet: 'Vendas',
    instants: [1],
    columns: [
      text('Número', 14),
      { header: 'Data', kind: 'datetime', width: 17 },
      text('Unidade', 10),
      text('Vendedor', 18),
      text('Cliente', 24),
      text('Situação', 22, SALE_STATUS),
      { header: 'Itens', kind: 'qty', width: 8, total: true },
      money('Subtotal'),
      money('Descontos'),
      money('Total'),
      money('Devolvido'),
      money('Líquido'),
    ],
  });
}

function itens(ctx: Context, p: Period): SheetData {
  const sql = `SELECT s.number, s.occurred_at, v.external_id, pr.name, pr.category, i.qty_milli, i.unit_price_cents,
      i.line_discount_cents + i.order_discount_cents, i.net_cents, i.cost_cents, i.margin_cents,
      CASE WHEN i.net_cents <> 0 THEN CAST(round(i.margin_cents * 10000.0 / i.net_cents) AS INTEGER) END, i.commission_cents,
      s.store_id
    FROM temp.${SWEEP_TABLE} e CROSS JOIN sales s ON s.id = e.sale_id CROSS JOIN sale_items i ON i.sale_id = e.sale_id
    JOIN variants v ON v.id = i.variant_id JOIN products pr ON pr.id = v.product_id
    ORDER BY s.occurred_at, s.id, i.line_no`;
  return query(ctx, {
    sql,
    idsSql: PERIOD_IDS,
    countSql: `SELECT count(*) AS n FROM analytics_sales a JOIN sale_items i ON i.sale_id = a.sale_id WHERE ${PERIOD_SALES}`,
    params: { from: p.from, to: p.to },
    sheet: 'Itens',
    instants: [1],
    storeLast: true,
    columns: [
      text('Venda', 14),
      { header: 'Data', kind: 'datetime', width: 17 },
      text('SKU', 14),
      text('Produto', 28),
      text('Categoria', 16),
      { header: 'Quantidade', kind: 'qty', width: 11, total: true },
      money('Preço unitário', false),
      money('Desconto'),
      money('Valor líquido'),
      money('Custo'),
      money('Margem'),
      { header: 'Margem %', kind: 'pct', width: 10 },
      money('Comissão'),
    ],
  });
}

/** Payments (not declined) of the sales dated in the period. */
function pagamentos(ctx: Context, p: Period): SheetData {
  const where = `${PERIOD_SALES} AND pm.declined = 0 AND pm.amount_cents > 0`;
  // The period's sales swept in id order (payments are laid out in their sales' order); each
  // sale's number and store from its analytics_sales row (device 0034), not a lookup into sales.
  const sql = `SELECT a.number, pm.occurred_at,
      CASE WHEN pm.method = 'cartao_credito' AND pm.installments > 1 THEN 'credito_parcelado' ELSE pm.method END,
      pm.installments, pm.amount_cents, pm.fee_cents, pm.amount_cents - pm.fee_cents, pm.acquirer, a.store_id
    FROM temp.${SWEEP_TABLE} e CROSS JOIN analytics_sales a ON a.sale_id = e.sale_id
      CROSS JOIN payments pm ON pm.sale_id = e.sale_id
    WHERE pm.declined = 0 AND pm.amount_cents > 0 ORDER BY pm.occurred_at, pm.id`;
  return query(ctx, {
    sql,
    idsSql: PERIOD_IDS,
    countSql: `SELECT count(*) AS n FROM analytics_sales a JOIN payments pm ON pm.sale_id = a.sale_id WHERE ${where}`,
    params: { from: p.from, to: p.to },
    sheet: 'Pagamentos',
    instants: [1],
    storeLast: true,
    columns: [
      text('Venda', 14),
      { header: 'Data', kind: 'datetime', width: 17 },
      text('Forma de pagamento', 20, { ...METHOD_LABELS }),
      { header: 'Parcelas', kind: 'int', width: 9 },
      money('Valor'),
      money('Taxa'),
      money('Líquido'),
      text('Adquirente', 14),
    ],
  });
}

/** UTC bounds of the home store's days [from, to]. */
function homeBounds(ctx: Context, p: Period) {
  const zone = homeZone(ctx.db);
  return { start: dayBound(zone, p.from, false), end: dayBound(zone, p.to, true) };
}

function agendamentos(ctx: Context, p: Period): SheetData {
  const where = 'a.starts_at >= :start AND a.starts_at < :end';
  const sql = `SELECT a.starts_at, c.name, pr.name, sp.name, a.status,
      CAST(round((julianday(a.ends_at) - julianday(a.starts_at)) * 1440) AS INTEGER), a.cancelled_by, s.total_cents
    FROM appointments a JOIN customers c ON c.id = a.customer_id JOIN products pr ON pr.id = a.product_id
    JOIN professionals pf ON pf.id = a.professional_id JOIN salespeople sp ON sp.id = pf.salesperson_id
    LEFT JOIN sales s ON s.id = a.sale_id
    WHERE ${where} ORDER BY a.starts_at, a.id`;
  return query(ctx, {
    sql,
    countSql: `SELECT count(*) AS n FROM appointments a WHERE ${where}`,
    params: homeBounds(ctx, p),
    sheet: 'Agendamentos',
    instants: [0],
    storeLast: false,
    columns: [
      { header: 'Data e hora', kind: 'datetime', width: 17 },
      text('Cliente', 24),
      text('Procedimento', 24),
      text('Profissional', 18),
      text('Situação', 14, { ...STATUS_LABELS }),
      { header: 'Duração (min)', kind: 'int', width: 12, total: true },
      text('Cancelado por', 14, { clinica: 'Clínica', paciente: 'Paciente' }),
      money('Valor cobrado'),
    ],
  });
}

function clientes(ctx: Context, p: Period): SheetData {
  const sql = `SELECT c.name, c.cpf, c.phone, c.email, c.acquisition_channel, c.created_at,
      count(a.sale_id), coalesce(sum(a.net_cents), 0), max(a.local_date)
    FROM customers c LEFT JOIN analytics_sales a ON a.customer_id = c.id AND a.purchase = 1
      AND a.local_date >= :from AND a.local_date <= :to
    GROUP BY c.id ORDER BY c.name, c.id`;
  return query(ctx, {
    sql,
    countSql: 'SELECT count(*) AS n FROM customers',
    params: { from: p.from, to: p.to },
    sheet: 'Clientes',
    instants: [5],
    storeLast: false,
    columns: [
      text('Nome', 28),
      text('CPF', 15),
      text('Telefone', 16),
      text('E-mail', 26),
      text('Canal de aquisição', 16),
      { header: 'Cadastro', kind: 'date', width: 12 },
      { header: 'Compras no período', kind: 'int', width: 12, total: true },
      money('Valor no período'),
      { header: 'Última compra no período', kind: 'date', width: 14 },
    ],
  });
}

function comissoes(ctx: Context, p: Period): SheetData {
  const lines = commissionLines(ctx.db, p.from, p.to, null);
  return {
    sheet: 'Comissões',
    count: lines.length,
    columns: [
      text('Vendedor', 22),
      text('Código', 10),
      { header: 'Vendas', kind: 'int', width: 9, total: true },
      money('Receita líquida'),
      money('Comissão'),
      money('Estornos'),
      money('Comissão líquida'),
      { header: 'Comissão / receita', kind: 'pct', width: 12 },
    ],
    rows: lines.map((l) => [
      l.salesperson_name ?? 'Sem vendedor',
      l.salesperson_external_id,
      l.sales_count,
      l.net_revenue,
      l.gross_commission,
      l.reversals,
      l.commission,
      l.net_revenue ? Math.round((l.commission * 10000) / l.net_revenue) : null,
    ]),
  };
}

function rfm(ctx: Context, p: Period): SheetData {
  const rows = computeRfm(ctx.db, p.to, 365);
  const names = new Map(
    (ctx.db.statement('SELECT id, name FROM customers').raw(true).all() as [string, string][]).map(([id, n]) => [
      id,
      n,
    ]),
  );
  return {
    sheet: 'RFM',
    count: rows.length,
    columns: [
      text('Cliente', 28),
      text('Código', 12),
      { header: 'Recência (dias)', kind: 'int', width: 12 },
      { header: 'Frequência', kind: 'int', width: 11, total: true },
      money('Monetário'),
      { header: 'R', kind: 'int', width: 5 },
      { header: 'F', kind: 'int', width: 5 },
      { header: 'M', kind: 'int', width: 5 },
      text('Segmento', 14, { ...SEGMENT_LABELS }),
    ],
    rows: rows.map((r) => [
      names.get(r.customer_id) ?? '',
      r.customer_external_id,
      r.recency_days,
      r.frequency,
      r.monetary,
      r.r,
      r.f,
      r.m,
      r.segment,
    ]),
  };
}

function leads(ctx: Context, p: Period): SheetData {
  const config = readLeadConfig(ctx.db);
  const where = 'l.merged_into IS NULL AND l.created_at >= :start AND l.created_at < :end';
  const sql = `SELECT l.name, l.phone, l.email, l.origin, l.stage, l.bant_score, l.created_at, l.converted_at, l.lost_reason
    FROM leads l WHERE ${where} ORDER BY l.created_at, l.id`;
  return query(ctx, {
    sql,
    countSql: `SELECT count(*) AS n FROM leads l WHERE ${where}`,
    params: homeBounds(ctx, p),
    sheet: 'Leads',
    instants: [6, 7],
    storeLast: false,
    columns: [
      text('Nome', 26),
      text('Telefone', 16),
      text('E-mail', 26),
      text('Origem', 14, Object.fromEntries(config.origins.map((o) => [o.key, o.label]))),
      text('Etapa', 14, { ...config.stage_labels }),
      { header: 'Pontuação BANT', kind: 'int', width: 10 },
      { header: 'Criado em', kind: 'datetime', width: 17 },
      { header: 'Convertido em', kind: 'datetime', width: 17 },
      text('Motivo da perda', 24),
    ],
  });
}

const BUILDERS: Record<ExportKind, (ctx: Context, p: Period) => SheetData> = {
  vendas,
  itens,
  pagamentos,
  agendamentos,
  clientes,
  comissoes,
  rfm,
  leads,
};

/** The rows of one export for local dates [from, to], streamed from SQLite where they can be many. */
export function exportSheet(ctx: Context, what: ExportKind, period: Period): SheetData {
  return BUILDERS[what](ctx, period);
}
