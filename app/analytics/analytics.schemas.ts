import { z } from 'zod';
import { line } from '../contract/schemas';
import { SEGMENTS } from './rfm';

/** A calendar date YYYY-MM-DD that exists (2026-02-30 is refused). */
export const dateSchema = z
  .string()
  .max(10, { message: 'Use a data no formato AAAA-MM-DD.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a data no formato AAAA-MM-DD.' })
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'Data inexistente.',
    },
  );

/** A month YYYY-MM. */
export const monthSchema = z
  .string()
  .max(7, { message: 'Use o mês no formato AAAA-MM.' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Use o mês no formato AAAA-MM.' });

/** A period of local dates, at most ~3 years long, `from` ≤ `to`. */
export const periodSchema = z
  .object({ from: dateSchema, to: dateSchema })
  .refine((p) => p.from <= p.to, { message: 'A data inicial deve ser anterior ou igual à final.', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 1100 * 86_400_000, {
    message: 'Período longo demais (até 3 anos).',
    path: ['to'],
  });

export const windowDaysSchema = z
  .number({ message: 'Janela em dias: um número inteiro.' })
  .int({ message: 'Janela em dias: um número inteiro.' })
  .min(1, { message: 'A janela deve ter ao menos 1 dia.' })
  .max(3650, { message: 'A janela pode ter no máximo 3.650 dias.' });

export const rfmInputSchema = z.object({
  as_of: dateSchema,
  window_days: windowDaysSchema.default(365),
});

export const marginsInputSchema = z.object({
  from: dateSchema,
  to: dateSchema,
  by: z
    .enum(['variant', 'product', 'category'], { message: 'Agrupar por: variant, product ou category.' })
    .default('variant'),
});

export const segmentSchema = z.enum(SEGMENTS, { message: 'Segmento inválido.' });

export const customersInputSchema = z.object({
  as_of: dateSchema.optional(),
  segment: segmentSchema.optional(),
  search: line(200).optional(),
  offset: z.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Only customers with an active marketing consent (LGPD): the CSV export asks for this. */
  marketing_only: z.boolean().optional(),
});

export const customerInputSchema = z.object({
  customer_id: line(100).min(1, { message: 'Informe o cliente.' }),
  as_of: dateSchema.optional(),
});

export const clvSettingsSchema = z.object({
  lifespan_years: z.number().int().min(1).max(50, { message: 'Vida útil: de 1 a 50 anos.' }),
  margin_bp: z.number().int().min(0).max(10_000, { message: 'Margem: de 0 a 100%.' }),
});
