import { z } from 'zod';
import { op } from '../contract/define';
import { pixCharge } from './pix.service';

export const pixOps = {
  'pix.charge': op({
    input: z.object({
      amount_cents: z.number().int().positive({ message: 'O valor do PIX deve ser maior que zero.' }),
    }),
    permission: 'sales.register',
    readonly: true,
    handler: (ctx, input) => pixCharge(ctx, input.amount_cents),
  }),
};
