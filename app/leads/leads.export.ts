import type { z } from 'zod';
import type { Context } from '../contract/context';
import { readLeadConfig } from './leads.config';
import { listLeadRows } from './leads.queries';
import type { exportLeadsSchema } from './leads.schemas';
import { toFilter } from './leads.service';
import { leadZone } from './leads.time';
import { writeXlsxBase64 } from './leads.xlsx';
import { consentedIds, leadConsented } from '../lgpd/consent.service';
import { csvDocument } from '../reports/csv.format';

const MAX_ROWS = 100_000;
const HEADER = [
  'Nome',
  'Telefone',
  'E-mail',
  'Origem',
  'Etapa',
  'Interesse',
  'Responsável',
  'Etiquetas',
  'Score BANT',
  'Motivo da perda',
  'UTM source',
  'UTM medium',
  'UTM campaign',
  'Criado em',
];

function localDateTime(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('pt-BR', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * The filtered leads (as `leads.list` filters them, up to 100,000) for Excel in pt-BR: CSV with
 * a UTF-8 BOM and `;`, or XLSX (exceljs). Returns the file name, its MIME type and the content
 * (CSV text; XLSX base64). Origins and stages by their labels, dates in the store's zone.
 * A marketing export: leads without an active `marketing` consent (their own, or the linked
 * customer's; LGPD, app/lgpd/) are left out and counted in `skipped_without_consent`.
 */
export function exportLeads(ctx: Context, input: z.output<typeof exportLeadsSchema>) {
  const config = readLeadConfig(ctx.db);
  const zone = leadZone(ctx);
  const listed = listLeadRows(ctx.db, toFilter(ctx, input), MAX_ROWS, 0);
  const consented = consentedIds(ctx.db, 'marketing');
  const rows = listed.filter((r) => leadConsented(consented, r));
  const skipped = listed.length - rows.length;
  const origin = (key: string) => config.origins.find((o) => o.key === key)?.label ?? key;
  const table: (string | number)[][] = [
    HEADER,
    ...rows.map((r) => [
      r.name,
      r.phone ?? '',
      r.email ?? '',
      origin(r.origin),
      config.stage_labels[r.stage],
      r.interest ?? '',
      r.owner_name ?? '',
      (JSON.parse(r.tags) as string[]).join(', '),
      r.bant_score,
      r.lost_reason ?? '',
      r.utm_source ?? '',
      r.utm_medium ?? '',
      r.utm_campaign ?? '',
      localDateTime(r.created_at, zone),
    ]),
  ];
  const stamp = ctx.clock.now().toISOString().slice(0, 10);
  if (input.format === 'csv') {
    // Numbers as typed (BANT scores are integers): no decimal separator to convert.
    const content = csvDocument(table, { delimiter: ';' });
    return {
      filename: `leads-${stamp}.csv`,
      mime: 'text/csv;charset=utf-8',
      encoding: 'text' as const,
      content,
      count: rows.length,
      skipped_without_consent: skipped,
    };
  }
  const xlsx = writeXlsxBase64('Leads', table);
  if (!xlsx.ok) throw new Error(`xlsx export failed: ${xlsx.message}`);
  return {
    filename: `leads-${stamp}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    encoding: 'base64' as const,
    content: xlsx.base64,
    count: rows.length,
    skipped_without_consent: skipped,
  };
}
