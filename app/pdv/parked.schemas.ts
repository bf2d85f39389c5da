import { z } from 'zod';
import { BOUNDS, centavos, identifier, line, positiveQuantity } from '../contract/schemas';

const cents = centavos;

/** A cart as the PDV holds it; prices are those shown when it was parked. */
export const parkedCartSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: identifier(),
        name: line(300),
        unitPriceCents: cents,
        qty: positiveQuantity,
        discountCents: cents,
      }),
    )
    .min(1, { message: 'Não há itens para guardar.' })
    .max(500),
  orderDiscountCents: cents,
  customer: z.object({ id: identifier(), name: line(BOUNDS.nameChars) }).nullable(),
  salespersonExternalId: identifier().nullable(),
});

export type ParkedCart = z.output<typeof parkedCartSchema>;

export const parkSaleSchema = z.object({
  label: line(60).optional(),
  cart: parkedCartSchema,
  total_cents: cents,
});

export const parkedRefSchema = z.object({ id: identifier() });
