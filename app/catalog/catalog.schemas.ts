import { z } from 'zod';
import {
  BOUNDS,
  boundedInt,
  centsSchema,
  identifier,
  line,
  optionalLine,
  positiveCentsSchema,
} from '../contract/schemas';

export const skuSchema = line(64).min(1, { message: 'Informe o SKU.' });

/**
 * What a scanner sends: printable ASCII, no spaces. Which codes a variant may be given (GTINs, or
 * the store's own digits by setting) is `checkBarcodes` in barcode-rules.ts, for every code added.
 */
export const barcodeSchema = z
  .string()
  .max(64, { message: 'Código de barras inválido (até 64 caracteres, sem espaços).' })
  .trim()
  .regex(/^[\x21-\x7E]{1,64}$/, { message: 'Código de barras inválido (até 64 caracteres, sem espaços).' });

/**
 * One line per variant of the `upsert_product` action. Omitted optional fields keep their current
 * value on update; null (or '') clears them. unit_cost is 0 when a variant is created without one.
 */
export const upsertProductSchema = z
  .object({
    external_id: skuSchema,
    product_external_id: skuSchema.optional(),
    name: line(200).min(1, { message: 'Informe o nome do produto.' }),
    category: line(80).min(1, { message: 'Informe a categoria.' }),
    kind: z.enum(['goods', 'service', 'package'], {
      message: "Tipo deve ser 'goods' (mercadoria), 'service' (serviço) ou 'package' (pacote de sessões).",
    }),
    unit_price: positiveCentsSchema,
    unit_cost: centsSchema.nonnegative({ message: 'O custo não pode ser negativo.' }).optional(),
    barcodes: z.array(barcodeSchema).max(20, { message: 'No máximo 20 códigos de barras por variante.' }).optional(),
    size: optionalLine(60),
    color: optionalLine(60),
    duration_minutes: z
      .number()
      .int({ message: 'A duração deve ser um número inteiro de minutos.' })
      .positive({ message: 'A duração deve ser maior que zero.' })
      .max(24 * 60, { message: 'A duração deve ser de no máximo 24 horas.' })
      .nullish(),
    brand: optionalLine(80),
    sold_by_weight: z.boolean().optional(),
    active: z.boolean().optional(),
    // Agenda (issue 11, app/scheduling/procedure.service.ts): a service's buffer and resources,
    // a package's procedure and number of sessions.
    buffer_minutes: z
      .number()
      .int({ message: 'O intervalo deve ser um número inteiro de minutos.' })
      .min(0, { message: 'O intervalo não pode ser negativo.' })
      .max(24 * 60, { message: 'O intervalo deve ser de no máximo 24 horas.' })
      .optional(),
    resources: z.array(skuSchema).max(20, { message: 'No máximo 20 recursos por procedimento.' }).optional(),
    package_procedure_external_id: skuSchema.optional(),
    sessions: z
      .number()
      .int({ message: 'O número de sessões deve ser inteiro.' })
      .min(1, { message: 'O pacote deve ter ao menos 1 sessão.' })
      .max(1000, { message: 'No máximo 1.000 sessões por pacote.' })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'package' && (p.package_procedure_external_id === undefined || p.sessions === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['package_procedure_external_id'],
        message: 'Um pacote precisa do procedimento (package_procedure_external_id) e do número de sessões (sessions).',
      });
    }
    if (p.kind !== 'package' && (p.package_procedure_external_id !== undefined || p.sessions !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['sessions'], message: 'Sessões só se aplicam a pacotes.' });
    }
    if (p.kind === 'package' && (p.duration_minutes != null || p.sold_by_weight)) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration_minutes'],
        message: 'Um pacote não tem duração nem é vendido por peso.',
      });
    }
    if (p.kind === 'goods' && p.duration_minutes != null) {
      ctx.addIssue({ code: 'custom', path: ['duration_minutes'], message: 'Duração só se aplica a serviços.' });
    }
    if (p.kind === 'service' && p.sold_by_weight) {
      ctx.addIssue({ code: 'custom', path: ['sold_by_weight'], message: 'Serviços não são vendidos por peso.' });
    }
  });

export type UpsertProductInput = z.output<typeof upsertProductSchema>;

const limitSchema = (fallback: number, max: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max, { message: `No máximo ${max} resultados por página.` })
    .default(fallback);

export const catalogGetSchema = z.object({ variant_id: identifier() });

export const catalogListSchema = z.object({
  query: line(BOUNDS.searchChars).optional(),
  /** The variants of one product, e.g. to edit them together. */
  product_id: identifier().optional(),
  category: line(80).optional(),
  active: z.boolean().optional(),
  limit: limitSchema(50, 500),
  offset: boundedInt(0, BOUNDS.maxCount).default(0),
});

export const catalogSearchSchema = z.object({
  /** Search text: one line, no control characters (a NUL is invalid_input, not a crash). */
  query: line(BOUNDS.searchChars),
  limit: limitSchema(20, 100),
});

export const lookupBarcodeSchema = z.object({ code: line(64).min(1, { message: 'Informe o código.' }) });
