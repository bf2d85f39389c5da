import { z } from 'zod';
import { qtySchema } from '../sales/sale.schemas';
import { identifier, percentage } from '../contract/schemas';

/** Money as the PDV sends it: integer centavos, up to R$ 999.999.999,99. */
const cents = z
  .number()
  .int({ message: 'Valor em centavos deve ser inteiro.' })
  .min(0, { message: 'O valor não pode ser negativo.' })
  .max(99_999_999_999, { message: 'Valor grande demais.' });

const sku = identifier();

/** Units (or kg), at most 3 decimals, up to 999.999. */
const qty = qtySchema.refine((q) => q <= 999_999, { message: 'Quantidade grande demais.' });

/**
 * `pdv.check_line` input: the SKU of a line and the TOTAL quantity of that SKU the cart will hold
 * once the line is added or edited (so two lines of the same shoe are checked together).
 */
export const checkLineSchema = z.object({ sku, qty });

/**
 * `pdv.check_discount` input: the cart as `sales.register` would receive it — lines with the
 * price shown (`unit_price`, centavos; list price when absent) and line discount, and the order
 * discount in centavos or percent (two decimals at most), not both.
 */
export const checkDiscountSchema = z
  .object({
    items: z
      .array(
        z.object({
          variant_external_id: sku,
          qty,
          unit_price: cents.positive({ message: 'O preço deve ser maior que zero.' }).optional(),
          discount_amount: cents.optional(),
        }),
      )
      .min(1, { message: 'A venda precisa de ao menos um item.' })
      .max(500, { message: 'No máximo 500 itens.' }),
    discount_amount: cents.optional(),
    discount_percentage: percentage.optional(),
  })
  .refine((d) => d.discount_amount === undefined || d.discount_percentage === undefined, {
    message: 'Informe desconto em valor ou em percentual, não os dois.',
    path: ['discount_amount'],
  });

export type CheckLineInput = z.output<typeof checkLineSchema>;
export type CheckDiscountInput = z.output<typeof checkDiscountSchema>;
