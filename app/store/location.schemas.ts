import { z } from 'zod';
import { cnpjSchema, codeSchema, optionalText, timezoneSchema } from '../contract/schemas';

/**
 * A store (location) of the business, by its code (e.g. LJ005). The PIX key is checked by the
 * service, so a bad one is refused as `invalid_pix_key` rather than as a malformed field.
 */
export const upsertLocationSchema = z.object({
  external_id: codeSchema,
  name: z.string().trim().min(2, { message: 'Informe o nome da loja.' }).max(120),
  timezone: timezoneSchema,
  cnpj: cnpjSchema.nullish(),
  pix_key: optionalText,
  address: optionalText,
});

export type UpsertLocationInput = z.output<typeof upsertLocationSchema>;
