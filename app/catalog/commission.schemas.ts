import { z } from 'zod';
import { percentToBp } from '../money/money';

/** A percentage with at most two decimals, as people write it (3.5 = 3,5%); stored as basis points. */
export const percentRateSchema = z
  .number({ message: 'Informe o percentual.' })
  .min(0, { message: 'O percentual deve estar entre 0 e 100.' })
  .max(100, { message: 'O percentual deve estar entre 0 e 100.' })
  .refine((rate) => percentToBp(rate) !== null, {
    message: 'Use no máximo duas casas decimais no percentual (ex.: 3,55).',
  });

export function bpToPercent(bp: number): number {
  return bp / 100;
}

export const COMMISSION_SCOPES = ['variant', 'product', 'category', 'salesperson'] as const;

export const setCommissionRuleSchema = z.object({
  scope: z.enum(COMMISSION_SCOPES, {
    message: "Escopo deve ser 'variant', 'product', 'category' ou 'salesperson'.",
  }),
  target_external_id: z.string().trim().min(1, { message: 'Informe o alvo da regra.' }).max(80),
  rate: percentRateSchema,
  active: z.boolean().optional(),
});
