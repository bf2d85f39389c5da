import Papa from 'papaparse';
import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { querySales, saleQuerySchema } from './sale.query';

/** The filters of `sales.query`, without paging: an export takes the whole filtered set. */
export const saleExportSchema = saleQuerySchema.omit({
  limit: true,
  offset: true,
  with_lines: true,
  with_totals: true,
});
export type SaleExportInput = z.output<typeof saleExportSchema>;

/** Beyond this many sales an export is refused: narrow the period. */
export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 2_000;

const STATUS_LABELS: Record<string, string> = {
  aguardando_pagamento: 'Aguardando pagamento',
  aprovada: 'Aprovada',
  completa: 'Completa',
  cancelada: 'Cancelada',
  reembolsada: 'Reembolsada',
  parcialmente_reembolsada: 'Parcialmente reembolsada',
};

/** 123456 → "1234,56": what a pt-BR spreadsheet reads as a number. */
function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `sales.export` (permission `sales.export`: owner, manager): the filtered sales as a CSV a
 * pt-BR Excel opens directly — `;` separator, decimal comma, UTF-8 with BOM, newest first.
 * Money columns are reais with two decimals from integer centavos; costs and margins are not
 * exported. More than MAX_EXPORT_ROWS sales → `export_too_large`.
 */
export function exportSales(ctx: Context, filters: SaleExportInput): { filename: string; count: number; csv: string } {
  const rows: string[][] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = querySales(ctx, { ...filters, limit: PAGE, offset, with_lines: false, with_totals: false });
    for (const s of page.sales) {
      rows.push([
        s.number,
        s.occurred_at,
        s.channel,
        s.location,
        s.customer_name ?? '',
        s.salesperson_name ?? '',
        STATUS_LABELS[s.status] ?? s.status,
        decimal(s.subtotal_cents),
        decimal(s.line_discount_cents + s.order_discount_cents),
        decimal(s.total_cents),
        decimal(s.paid_cents),
        decimal(s.change_cents),
        decimal(s.refunded_cents),
        decimal(s.net_cents),
        s.payment_methods.join(', '),
      ]);
    }
    if (rows.length > MAX_EXPORT_ROWS) {
      throw new AppError(
        'export_too_large',
        `Export of more than ${MAX_EXPORT_ROWS} sales refused`,
        'São vendas demais para exportar de uma vez: escolha um período menor.',
        { max_rows: MAX_EXPORT_ROWS },
      );
    }
    if (page.sales.length < PAGE) break;
  }
  const header = [
    'Número',
    'Data',
    'Canal',
    'Loja',
    'Cliente',
    'Vendedor',
    'Status',
    'Subtotal',
    'Descontos',
    'Total',
    'Pago',
    'Troco',
    'Devolvido',
    'Líquido',
    'Formas de pagamento',
  ];
  const csv = '\uFEFF' + Papa.unparse([header, ...rows], { delimiter: ';', newline: '\r\n' });
  return { filename: 'vendas.csv', count: rows.length, csv };
}
