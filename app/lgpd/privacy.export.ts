// The reports' PdfWriter draws SVG charts; this file is also type-checked by the main and
// renderer projects, which need the module declaration that app/reports carries.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../reports/svg-to-pdfkit.d.ts" />
import type { Context } from '../contract/context';
import { formatBRL } from '../money/money';
import { PdfWriter } from '../reports/pdf.layout';
import { requireCustomer } from './person';
import { REQUEST_LABELS, storeToday } from './privacy.requests';
import { formatDateBR } from '../br/date-br';
import { msToLocal, storeZone } from '../scheduling/zone';

/** Everything the business holds on one customer (LGPD art. 18, II and V: access and portability). */
export interface SubjectData {
  generated_at: string;
  store: { name: string; cnpj: string | null } | null;
  customer: Record<string, unknown>;
  purchases: {
    number: string;
    occurred_at: string;
    status: string | null;
    total_cents: number;
    net_cents: number | null;
    items: { product: string; qty_milli: number; net_cents: number }[];
  }[];
  appointments: { starts_at: string; status: string; procedure: string; professional: string }[];
  packages: { package: string; procedure: string; kind: string; sessions: number; occurred_at: string }[];
  leads: {
    name: string;
    origin: string;
    stage: string;
    interest: string | null;
    notes: string | null;
    created_at: string;
    stage_changes: { from_stage: string | null; to_stage: string; occurred_at: string }[];
    activities: { kind: string; body: string; created_at: string }[];
  }[];
  consents: { purpose: string; text_shown: string; channel: string; granted_at: string; revoked_at: string | null }[];
  requests: { request_type: string; status: string; received_at: string; due_date: string }[];
}

type Row = Record<string, unknown>;

/** Gathers the customer's data: record, purchases with items, appointments, packages, leads with history and activities, consents, requests. */
export function subjectData(ctx: Context, ref: { customer_id?: string; customer_external_id?: string }): SubjectData {
  const c = requireCustomer(ctx, ref);
  const all = (sql: string, ...params: unknown[]) => ctx.db.statement(sql).all(...params) as Row[];
  const sales = all(
    `SELECT s.id, s.number, s.occurred_at, s.total_cents, st.status, st.net_cents
     FROM sales s LEFT JOIN sale_state st ON st.sale_id = s.id WHERE s.customer_id = ? ORDER BY s.occurred_at, s.id`,
    c.id,
  );
  const items = (saleId: unknown) =>
    all(
      `SELECT p.name AS product, i.qty_milli, i.net_cents FROM sale_items i
       JOIN variants v ON v.id = i.variant_id JOIN products p ON p.id = v.product_id WHERE i.sale_id = ? ORDER BY i.line_no`,
      saleId,
    ) as SubjectData['purchases'][number]['items'];
  const leads = all('SELECT * FROM leads WHERE customer_id = ? ORDER BY created_at, id', c.id);
  const store = ctx.db.statement('SELECT name, cnpj FROM stores LIMIT 1').get() as SubjectData['store'] | undefined;
  return {
    generated_at: ctx.clock.now().toISOString(),
    store: store ?? null,
    customer: { ...c },
    purchases: sales.map((s) => ({
      number: String(s.number),
      occurred_at: String(s.occurred_at),
      status: (s.status as string | null) ?? null,
      total_cents: Number(s.total_cents),
      net_cents: (s.net_cents as number | null) ?? null,
      items: items(s.id),
    })),
    appointments: all(
      `SELECT a.starts_at, a.status, p.name AS procedure, sp.name AS professional FROM appointments a
       JOIN products p ON p.id = a.product_id JOIN professionals pr ON pr.id = a.professional_id
       JOIN salespeople sp ON sp.id = pr.salesperson_id
       WHERE a.customer_id = ? ORDER BY a.starts_at`,
      c.id,
    ) as SubjectData['appointments'],
    packages: all(
      `SELECT pk.name AS package, pc.name AS procedure, m.kind, m.sessions, m.occurred_at FROM package_movements m
       JOIN products pk ON pk.id = m.package_product_id JOIN products pc ON pc.id = m.procedure_product_id
       WHERE m.customer_id = ? ORDER BY m.occurred_at, m.id`,
      c.id,
    ) as SubjectData['packages'],
    leads: leads.map((l) => ({
      name: String(l.name),
      origin: String(l.origin),
      stage: String(l.stage),
      interest: (l.interest as string | null) ?? null,
      notes: (l.notes as string | null) ?? null,
      created_at: String(l.created_at),
      stage_changes: all(
        'SELECT from_stage, to_stage, occurred_at FROM lead_stage_changes WHERE lead_id = ? ORDER BY occurred_at, id',
        l.id,
      ) as SubjectData['leads'][number]['stage_changes'],
      activities: all(
        'SELECT kind, body, created_at FROM lead_activities WHERE lead_id = ? ORDER BY created_at, id',
        l.id,
      ) as SubjectData['leads'][number]['activities'],
    })),
    consents: all(
      'SELECT purpose, text_shown, channel, granted_at, revoked_at FROM consents WHERE customer_id = ? ORDER BY granted_at',
      c.id,
    ) as SubjectData['consents'],
    requests: all(
      'SELECT request_type, status, received_at, due_date FROM privacy_requests WHERE customer_id = ? ORDER BY received_at',
      c.id,
    ) as SubjectData['requests'],
  };
}

const CUSTOMER_FIELDS: [string, string][] = [
  ['name', 'Nome'],
  ['cpf', 'CPF'],
  ['phone', 'Telefone'],
  ['email', 'E-mail'],
  ['birth_date', 'Data de nascimento'],
  ['address', 'Endereço'],
  ['preferences', 'Preferências'],
  ['acquisition_channel', 'Canal de aquisição'],
  ['created_at', 'Cadastrado em'],
];

/** An instant written with its zone (`…T01:30:00.000Z`, `…T22:30:00-03:00`). */
const INSTANT = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * dd/mm/aaaa of a stored date or instant: a calendar date (`2026-11-30`) or a local date-time as
 * written; an instant (UTC `…Z` or with an offset) by its calendar date in the store's `zone` (IANA),
 * as the reports count days — a sale at 22:30 in São Paulo (01:30Z the next day) shows that day.
 */
export function localDateBR(value: string, zone: string): string {
  if (INSTANT.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return formatDateBR(msToLocal(ms, zone).date);
  }
  return formatDateBR(value.slice(0, 10));
}

/**
 * The access report as a pt-BR PDF (A4, DejaVu Sans through the reports' PdfWriter, which uses
 * the carnê's font setup): identification, purchases, appointments, packages, leads with
 * activities, consents and requests. Every section is shown, empty ones say so. Dates are the
 * store's calendar days in `zone` (see localDateBR); `today` is already the store's date.
 */
export function subjectPdf(data: SubjectData, today: string, zone: string): Buffer {
  const dateBR = (value: string) => localDateBR(value, zone);
  const name = String(data.customer.name);
  const pdf = new PdfWriter(
    `Dados pessoais — ${name}`,
    `${data.store?.name ?? 'Balcão'} · LGPD · emitido em ${dateBR(today)}`,
  );
  pdf.section('Relatório de dados pessoais (LGPD, art. 18)');
  pdf.paragraph(
    `Todos os dados que ${data.store?.name ?? 'a empresa'} mantém sobre o titular, emitido em ${dateBR(today)}.`,
  );
  pdf.section('Dados cadastrais');
  pdf.facts(CUSTOMER_FIELDS.map(([k, label]) => [label, factText(data.customer[k])]));
  pdf.section('Compras');
  if (data.purchases.length === 0) pdf.empty('Nenhuma compra.');
  else
    pdf.table(
      [
        { header: 'Venda', width: 0.2 },
        { header: 'Data', width: 0.16 },
        { header: 'Itens', width: 0.38 },
        { header: 'Situação', width: 0.12 },
        { header: 'Total', width: 0.14, align: 'right' },
      ],
      data.purchases.map((p) => [
        p.number,
        dateBR(p.occurred_at),
        p.items.map((i) => `${i.qty_milli / 1000}× ${i.product}`).join(', '),
        p.status ?? '',
        formatBRL(p.total_cents),
      ]),
    );
  pdf.section('Agendamentos');
  if (data.appointments.length === 0) pdf.empty('Nenhum agendamento.');
  else
    pdf.table(
      [
        { header: 'Data', width: 0.2 },
        { header: 'Procedimento', width: 0.35 },
        { header: 'Profissional', width: 0.3 },
        { header: 'Situação', width: 0.15 },
      ],
      data.appointments.map((a) => [dateBR(a.starts_at), a.procedure, a.professional, a.status]),
    );
  pdf.section('Pacotes de sessões');
  if (data.packages.length === 0) pdf.empty('Nenhum pacote.');
  else
    pdf.table(
      [
        { header: 'Data', width: 0.2 },
        { header: 'Pacote', width: 0.35 },
        { header: 'Movimento', width: 0.3 },
        { header: 'Sessões', width: 0.15, align: 'right' },
      ],
      data.packages.map((p) => [dateBR(p.occurred_at), p.package, p.kind, String(p.sessions)]),
    );
  pdf.section('Histórico como lead');
  if (data.leads.length === 0) pdf.empty('Nenhum registro.');
  for (const l of data.leads) {
    pdf.subtitle(`${l.name} — origem ${l.origin}, etapa ${l.stage}, desde ${dateBR(l.created_at)}`);
    for (const a of l.activities) pdf.paragraph(`${dateBR(a.created_at)} · ${a.kind}: ${a.body}`);
  }
  pdf.section('Consentimentos');
  if (data.consents.length === 0) pdf.empty('Nenhum consentimento registrado.');
  for (const c of data.consents) {
    const state = c.revoked_at ? `revogado em ${dateBR(c.revoked_at)}` : 'ativo';
    pdf.paragraph(`${c.purpose} — ${c.channel}, ${dateBR(c.granted_at)}, ${state}. Texto: “${c.text_shown}”`);
  }
  pdf.section('Solicitações do titular');
  if (data.requests.length === 0) pdf.empty('Nenhuma solicitação.');
  for (const r of data.requests) {
    const label = REQUEST_LABELS[r.request_type as keyof typeof REQUEST_LABELS] ?? r.request_type;
    pdf.paragraph(`${label} — recebida em ${dateBR(r.received_at)}, prazo ${dateBR(r.due_date)}, ${r.status}.`);
  }
  return pdf.finish();
}

/**
 * `privacy.export`: the customer's data as JSON (portability) or the pt-BR PDF (access), as a
 * file to save: `{ filename, mime, encoding, content }` (PDF base64). Audited as a sensitive read.
 */
export function exportSubject(
  ctx: Context,
  input: { customer_id?: string; customer_external_id?: string; format: 'json' | 'pdf' },
) {
  const data = subjectData(ctx, input);
  const stamp = storeToday(ctx);
  const base = `dados-pessoais-${String(data.customer.external_id ?? data.customer.id)}-${stamp}`;
  if (input.format === 'json') {
    return {
      filename: `${base}.json`,
      mime: 'application/json',
      encoding: 'text' as const,
      content: JSON.stringify(data, null, 2),
    };
  }
  return {
    filename: `${base}.pdf`,
    mime: 'application/pdf',
    encoding: 'base64' as const,
    content: subjectPdf(data, stamp, storeZone(ctx)).toString('base64'),
  };
}

/** A customer field as the PDF prints it: '—' for nothing, JSON for a structured value. */
function factText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
