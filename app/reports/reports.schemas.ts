import { z } from 'zod';
import { identifier, line } from '../contract/schemas';
import { dateSchema, monthSchema } from '../analytics/analytics.schemas';
import { EXPORT_KINDS } from './export.defs';

const exportKind = z.enum(EXPORT_KINDS, {
  message: 'Escolha o que exportar: vendas, itens, pagamentos, agendamentos, clientes, comissoes, rfm ou leads.',
});

/** The monthly report of a month, all locations or one (`stores` id or code). */
export const monthlySpecSchema = z.object({
  kind: z.literal('monthly'),
  month: monthSchema,
  location: identifier().optional(),
  format: z.enum(['pdf', 'xlsx'], { message: 'Formato: pdf ou xlsx.' }).default('pdf'),
});

/** One export for local dates [from, to] (at most about 3 years). */
export const exportSpecSchema = z
  .object({
    kind: z.literal('export'),
    what: exportKind,
    from: dateSchema,
    to: dateSchema,
    format: z.enum(['xlsx', 'csv'], { message: 'Formato: xlsx ou csv.' }).default('xlsx'),
    delimiter: z.enum([';', ','], { message: 'Separador: ";" ou ",".' }).default(';'),
    encoding: z.enum(['utf8', 'win1252'], { message: 'Codificação: utf8 ou win1252.' }).default('utf8'),
  })
  .refine((p) => p.from <= p.to, { message: 'A data inicial deve ser anterior ou igual à final.', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 1100 * 86_400_000, {
    message: 'Período longo demais (até 3 anos).',
    path: ['to'],
  });

/**
 * What `reports.export` generates: `kind: 'monthly'` needs `month` (format pdf or xlsx, optional
 * `location`); `kind: 'export'` needs `what`, `from`, `to` (format xlsx or csv, CSV separator and
 * encoding). One flat object, so every refusal names its field.
 */
export const reportSpecSchema = z
  .object({
    kind: z.enum(['monthly', 'export'], { message: 'Escolha relatório mensal (monthly) ou exportação (export).' }),
    month: monthSchema.optional(),
    location: identifier().optional(),
    what: exportKind.optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    format: z.enum(['pdf', 'xlsx', 'csv'], { message: 'Formato: pdf, xlsx ou csv.' }),
    delimiter: z.enum([';', ','], { message: 'Separador: ";" ou ",".' }).default(';'),
    encoding: z.enum(['utf8', 'win1252'], { message: 'Codificação: utf8 ou win1252.' }).default('utf8'),
  })
  .superRefine((s, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.kind === 'monthly') {
      if (!s.month) need('month', 'Informe o mês (AAAA-MM).');
      if (s.format === 'csv') need('format', 'O relatório mensal sai em PDF ou XLSX.');
      return;
    }
    if (!s.what) need('what', 'Escolha o que exportar.');
    if (s.format === 'pdf') need('format', 'Exportações saem em XLSX ou CSV.');
    if (!s.from) need('from', 'Informe a data inicial.');
    if (!s.to) need('to', 'Informe a data final.');
    if (s.from && s.to && s.from > s.to) need('to', 'A data inicial deve ser anterior ou igual à final.');
    if (s.from && s.to && Date.parse(s.to) - Date.parse(s.from) > 1100 * 86_400_000) {
      need('to', 'Período longo demais (até 3 anos).');
    }
  });

/** A generated file, by its name in the reports folder (no folders, no hidden files). */
export const fileNameSchema = line(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'Nome de arquivo inválido.' });

export const jobRefSchema = z.object({ job_id: identifier() });
export const fileRefSchema = z.object({ name: fileNameSchema });
export const openFileSchema = z.object({ name: fileNameSchema, reveal: z.boolean().default(false) });
