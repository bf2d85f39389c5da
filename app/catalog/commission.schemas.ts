import { z } from 'zod';

/** A percentage with at most two decimals, as people write it (3.5 = 3,5%); stored as basis points. */
export const percentRateSchema = z
  .number({ message: 'Informe o percentual.' })
  .min(0, { message: 'O percentual deve estar entre 0 e 100.' })
  .max(100, { message: 'O percentual deve estar entre 0 e 100.' })
  .refine((rate) => Math.abs(rate * 100 - Math.round(rate * 100)) < 1e-6, {
    message: 'Use no máximo duas casas decimais no percentual (ex.: 3,55).',
  });

/** 3.5 → 350. Only for rates that passed percentRateSchema. */
export function percentToBp(rate: number): number {
  return Math.round(rate * 100);
}

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
