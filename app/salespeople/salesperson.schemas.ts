import { z } from 'zod';
import { centsSchema, codeSchema } from '../contract/schemas';
import { percentRateSchema } from '../catalog/commission.schemas';

/** commission_rate is a percentage as people write it (3.5 = 3,5%), stored in basis points. */
export const upsertSalespersonSchema = z.object({
  external_id: z.string().trim().min(1, { message: 'Informe o código do vendedor.' }).max(64),
  name: z.string().trim().min(2, { message: 'Informe o nome do vendedor.' }).max(120),
  location_external_id: codeSchema,
  commission_rate: percentRateSchema,
  monthly_target: centsSchema.nonnegative({ message: 'A meta não pode ser negativa.' }).optional(),
  active: z.boolean().optional(),
});

export type UpsertSalespersonInput = z.output<typeof upsertSalespersonSchema>;
