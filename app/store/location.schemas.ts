import { z } from 'zod';
import { codeSchema } from '../contract/schemas';
import { storeFields } from './store.schemas';

const { name, timezone, cnpj, pix_key, pix_key_type, address } = storeFields;

/**
 * A store (location) of the business, by its code (e.g. LJ005). The PIX key is checked by the
 * service, so a bad one is refused as `invalid_pix_key` rather than as a malformed field.
 */
export const upsertLocationSchema = z.object({
  external_id: codeSchema,
  name,
  timezone,
  cnpj,
  pix_key,
  pix_key_type,
  address,
});

export type UpsertLocationInput = z.output<typeof upsertLocationSchema>;
