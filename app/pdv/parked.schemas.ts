import { z } from 'zod';

const cents = z.number().int().min(0);

/** A cart as the PDV holds it; prices are those shown when it was parked. */
export const parkedCartSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: z.string().min(1),
        name: z.string(),
        unitPriceCents: cents,
        qty: z.number().positive({ message: 'A quantidade deve ser maior que zero.' }),
        discountCents: cents,
      }),
    )
    .min(1, { message: 'Não há itens para guardar.' })
    .max(500),
  orderDiscountCents: cents,
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
  salespersonExternalId: z.string().nullable(),
});

export type ParkedCart = z.output<typeof parkedCartSchema>;

export const parkSaleSchema = z.object({
  label: z.string().trim().max(60).optional(),
  cart: parkedCartSchema,
  total_cents: cents,
});

export const parkedRefSchema = z.object({ id: z.string().min(1) });
