import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { crediarioTerms, lateCharges, storeTimezone } from './crediario';
import { localDate } from './dates';
import { csvDocument } from '../reports/csv.format';
import { csvValue, DEFAULT_CSV } from '../reports/csv.writer';
import type { Cell, ExportColumn } from '../reports/export.defs';

export interface OpenInstallment {
  sale_external_id: string;
  customer_external_id: string | null;
  customer_id: string;
  customer_name: string;
  installment_number: number;
  count: number;
  due_date: string;
  /** The parcela's amount (centavos). */
  amount: number;
  /** What was received on it (0 while open). */
  paid: number;
  days_late: number;
  /** Fine + pro-rata interest if paid on `as_of` (centavos). */
  charges: number;
}

function defaultToday(ctx: Context): string {
  const store = ctx.db.first(ctx.db.q.selectFrom('stores').select('id').orderBy('created_at').orderBy('id').limit(1));
  return localDate(ctx.clock.now().toISOString(), store ? storeTimezone(ctx, store.id) : 'America/Sao_Paulo');
}

/**
 * The open parcelas (the CLI's `receivables` and the Receber screen), by due date: per parcela
 * the amount, what was paid, days late and the late charges as of `as_of` (YYYY-MM-DD, default
 * today in the store's zone). `customer` is a customer's external id or id; `overdue` keeps
 * only parcelas past due. Money in centavos.
 */
export function listOpenInstallments(
  ctx: Context,
  filter: {
    customer?: string | undefined;
    overdue?: boolean | undefined;
    as_of?: string | undefined;
    limit?: number | undefined;
  },
): { as_of: string; installments: OpenInstallment[]; total_amount: number; total_charges: number } {
  const asOf = filter.as_of ?? defaultToday(ctx);
  let q = ctx.db.q
    .selectFrom('crediario_installments as i')
    .innerJoin('sales as s', 's.id', 'i.sale_id')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      's.external_id as sale_external_id',
      'c.external_id as customer_external_id',
      'c.id as customer_id',
      'c.name as customer_name',
      'i.number',
      'i.count',
      'i.due_date',
      'i.amount_cents',
    ])
    .where('i.status', '=', 'aberta')
    .orderBy('i.due_date')
    .orderBy('s.external_id')
    .orderBy('i.number')
    .limit(filter.limit ?? 10_000);
  if (filter.customer) {
    const who = filter.customer;
    q = q.where((eb) => eb.or([eb('c.external_id', '=', who), eb('c.id', '=', who)]));
  }
  if (filter.overdue) q = q.where('i.due_date', '<', asOf);
  const terms = crediarioTerms(ctx);
  const installments = ctx.db.all(q).map((r) => {
    const charges = lateCharges(r.amount_cents, r.due_date, asOf, terms);
    return {
      sale_external_id: r.sale_external_id,
      customer_external_id: r.customer_external_id,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      installment_number: r.number,
      count: r.count,
      due_date: r.due_date,
      amount: r.amount_cents,
      paid: 0,
      days_late: charges.days_late,
      charges: charges.fine_cents + charges.interest_cents,
    };
  });
  return {
    as_of: asOf,
    installments,
    total_amount: installments.reduce((a, i) => a + i.amount, 0),
    total_charges: installments.reduce((a, i) => a + i.charges, 0),
  };
}

/** A customer's crediário statement: every parcela with its status and what was received on it. */
export function customerStatement(ctx: Context, customerId: string) {
  const customer = ctx.db.first(
    ctx.db.q.selectFrom('customers').select(['id', 'name', 'cpf', 'external_id']).where('id', '=', customerId),
  );
  if (!customer)
    throw new AppError('customer_not_found', `Customer ${customerId} not found`, 'Cliente não encontrado.');
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('crediario_installments as i')
      .innerJoin('sales as s', 's.id', 'i.sale_id')
      .leftJoin('installment_receipts as r', 'r.installment_id', 'i.id')
      .select([
        's.external_id as sale_external_id',
        's.number as sale_number',
        'i.number',
        'i.count',
        'i.due_date',
        'i.amount_cents',
        'i.status',
        'r.occurred_at as paid_at',
        'r.method as paid_method',
        'r.fine_cents',
        'r.interest_cents',
        'r.total_cents as paid_cents',
      ])
      .where('i.customer_id', '=', customerId)
      .orderBy('i.due_date')
      .orderBy('i.number')
      .limit(10_000),
  );
  const open = rows.filter((r) => r.status === 'aberta').reduce((a, r) => a + r.amount_cents, 0);
  return { customer, installments: rows, open_cents: open };
}

/**
 * The receivables calendar: what the acquirers will pay per day between `from` and `to`
 * (inclusive), from the card and PIX payments' expected settlements, gross, fee and net.
 */
export function receivablesCalendar(ctx: Context, from: string, to: string) {
  const days = ctx.db.all(
    ctx.db.q
      .selectFrom('payment_settlements as st')
      .innerJoin('sale_state as ss', 'ss.sale_id', 'st.sale_id')
      .select((eb) => [
        'st.expected_on',
        'st.method',
        eb.fn.coalesce('st.acquirer', eb.val('')).as('acquirer'),
        eb.fn.sum<number>('st.gross_cents').as('gross_cents'),
        eb.fn.sum<number>('st.fee_cents').as('fee_cents'),
        eb.fn.sum<number>('st.net_cents').as('net_cents'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('st.expected_on', '>=', from)
      .where('st.expected_on', '<=', to)
      .where('ss.status', '!=', 'cancelada')
      .groupBy(['st.expected_on', 'st.method', 'st.acquirer'])
      .orderBy('st.expected_on')
      .orderBy('st.method'),
  );
  const rows = days.map((d) => ({
    expected_on: d.expected_on,
    method: d.method,
    acquirer: String(d.acquirer),
    gross_cents: Number(d.gross_cents),
    fee_cents: Number(d.fee_cents),
    net_cents: Number(d.net_cents),
    count: Number(d.count),
  }));
  return {
    from,
    to,
    rows,
    total_gross_cents: rows.reduce((a, r) => a + r.gross_cents, 0),
    total_fee_cents: rows.reduce((a, r) => a + r.fee_cents, 0),
    total_net_cents: rows.reduce((a, r) => a + r.net_cents, 0),
  };
}

const METHOD_LABELS: Record<string, string> = {
  cartao_credito: 'Cartão de crédito',
  cartao_debito: 'Cartão de débito',
  pix: 'PIX',
  boleto: 'Boleto',
};

/** The calendar's CSV columns, formatted by the exports' writer (app/reports/csv.writer.ts). */
const CALENDAR_COLUMNS: ExportColumn[] = [
  { header: 'Data', kind: 'date', width: 12 },
  { header: 'Forma', kind: 'text', width: 20, labels: METHOD_LABELS },
  { header: 'Adquirente', kind: 'text', width: 20 },
  { header: 'Qtde', kind: 'int', width: 8 },
  { header: 'Bruto', kind: 'money', width: 14, total: true },
  { header: 'Taxas', kind: 'money', width: 14, total: true },
  { header: 'Líquido', kind: 'money', width: 14, total: true },
];

/**
 * The calendar as CSV in the exports' format (`csvValue` of app/reports/csv.writer.ts with its
 * defaults, `csvDocument` of csv.format.ts): `;`, decimal comma, dates DD/MM/AAAA, UTF-8 BOM,
 * CRLF, a "Total" line under the money columns, "Sem dados neste período." when empty.
 */
export function receivablesCalendarCsv(ctx: Context, from: string, to: string): string {
  const cal = receivablesCalendar(ctx, from, to);
  const text = (values: Cell[]) => CALENDAR_COLUMNS.map((c, i) => csvValue(c, values[i] ?? null, DEFAULT_CSV));
  const lines: string[][] = [CALENDAR_COLUMNS.map((c) => c.header)];
  for (const r of cal.rows) {
    lines.push(text([r.expected_on, r.method, r.acquirer, r.count, r.gross_cents, r.fee_cents, r.net_cents]));
  }
  if (cal.rows.length === 0) lines.push(['Sem dados neste período.']);
  else {
    const totals = text([null, null, null, null, cal.total_gross_cents, cal.total_fee_cents, cal.total_net_cents]);
    lines.push(['Total', ...totals.slice(1)]);
  }
  return csvDocument(lines, { delimiter: DEFAULT_CSV.delimiter });
}
