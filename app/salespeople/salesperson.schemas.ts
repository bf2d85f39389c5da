import { z } from 'zod';
import { BOUNDS, centsSchema, codeSchema, line } from '../contract/schemas';
import { percentRateSchema } from '../catalog/commission.schemas';

/** commission_rate is a percentage as people write it (3.5 = 3,5%), stored in basis points. */
export const upsertSalespersonSchema = z.object({
  external_id: line(64).min(1, { message: 'Informe o código do vendedor.' }),
  name: line(BOUNDS.nameChars).min(2, { message: 'Informe o nome do vendedor.' }),
  location_external_id: codeSchema,
  commission_rate: percentRateSchema,
  monthly_target: centsSchema.nonnegative({ message: 'A meta não pode ser negativa.' }).optional(),
  active: z.boolean().optional(),
});

export type UpsertSalespersonInput = z.output<typeof upsertSalespersonSchema>;
