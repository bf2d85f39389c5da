import { z } from 'zod';
import { op } from '../contract/define';
import { centsSchema } from '../contract/schemas';
import { pixCharge } from './pix.service';

export const pixOps = {
  'pix.charge': op({
    input: z.object({
      /** Up to R$ 999.999.999,99: what the BR Code's amount field (13 characters) and receipts hold. */
      amount_cents: centsSchema.positive({ message: 'O valor do PIX deve ser maior que zero.' }),
    }),
    permission: 'sales.register',
    readonly: true,
    handler: (ctx, input) => pixCharge(ctx, input.amount_cents),
  }),
};
