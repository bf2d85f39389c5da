import { z } from 'zod';
import { line, percentage } from '../contract/schemas';

/** A percentage with at most two decimals, as people write it (3.5 = 3,5%); stored as basis points. */
export const percentRateSchema = percentage;

export function bpToPercent(bp: number): number {
  return bp / 100;
}

export const COMMISSION_SCOPES = ['variant', 'product', 'category', 'salesperson'] as const;

export const setCommissionRuleSchema = z.object({
  scope: z.enum(COMMISSION_SCOPES, {
    message: "Escopo deve ser 'variant', 'product', 'category' ou 'salesperson'.",
  }),
  target_external_id: line(80).min(1, { message: 'Informe o alvo da regra.' }),
  rate: percentRateSchema,
  active: z.boolean().optional(),
});
