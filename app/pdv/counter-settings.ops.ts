import { z } from 'zod';
import type { Context } from '../contract/context';
import { op } from '../contract/define';
import { BOUNDS } from '../contract/schemas';
import { MAX_DIFFERENCE_KEY, maxDifference } from '../cash/cash-close.service';
import { SANGRIA_APPROVAL_ABOVE_KEY, sangriaApprovalAbove } from '../cash/cash.service';
import { centavos } from '../contract/schemas';
import { ALLOW_INTERNAL_BARCODES_KEY, allowInternalBarcodes } from '../catalog/barcode-rules';
import { MAX_DISCOUNT_BP_KEY, maxDiscountBp } from '../sales/discount-limit';
import { ALLOW_NEGATIVE_STOCK_KEY, allowNegativeStock } from '../sales/sale.service';
import { putSetting } from '../settings/settings.queries';

/** The counter's rules an owner tunes: how far a cashier may go without a manager. */
function counterSettings(ctx: Context) {
  return {
    max_discount_bp: maxDiscountBp(ctx),
    cash_max_difference_cents: maxDifference(ctx),
    cash_sangria_approval_above_cents: sangriaApprovalAbove(ctx),
    allow_negative_stock: allowNegativeStock(ctx),
    allow_internal_barcodes: allowInternalBarcodes(ctx),
  };
}

const setSchema = z.object({
  max_discount_bp: z
    .number()
    .int({ message: 'Use no máximo duas casas decimais.' })
    .min(0, { message: 'O limite deve ser de 0% a 100%.' })
    .max(10_000, { message: 'O limite deve ser de 0% a 100%.' })
    .optional(),
  cash_max_difference_cents: z
    .number()
    .int()
    .min(0, { message: 'A diferença tolerada não pode ser negativa.' })
    .max(BOUNDS.maxCents, { message: 'Valor grande demais: o máximo é R$ 999.999.999,99.' })
    .optional(),
  /** The largest sangria a cashier takes without a supervisor's approval (centavos). */
  cash_sangria_approval_above_cents: centavos.optional(),
  allow_negative_stock: z.boolean().optional(),
  /** Barcodes of the store's own (4–20 digits) besides valid GTINs. */
  allow_internal_barcodes: z.boolean().optional(),
});

export const counterSettingsOps = {
  'counter.settings': op({ input: z.object({}), permission: 'user', readonly: true, handler: counterSettings }),
  'counter.settings.set': op({
    input: setSchema,
    permission: 'store.manage',
    handler: (ctx, input) => {
      const now = ctx.clock.now().toISOString();
      if (input.max_discount_bp !== undefined) putSetting(ctx.db, MAX_DISCOUNT_BP_KEY, input.max_discount_bp, now);
      if (input.cash_max_difference_cents !== undefined)
        putSetting(ctx.db, MAX_DIFFERENCE_KEY, input.cash_max_difference_cents, now);
      if (input.cash_sangria_approval_above_cents !== undefined)
        putSetting(ctx.db, SANGRIA_APPROVAL_ABOVE_KEY, input.cash_sangria_approval_above_cents, now);
      if (input.allow_negative_stock !== undefined)
        putSetting(ctx.db, ALLOW_NEGATIVE_STOCK_KEY, input.allow_negative_stock, now);
      if (input.allow_internal_barcodes !== undefined)
        putSetting(ctx.db, ALLOW_INTERNAL_BARCODES_KEY, input.allow_internal_barcodes, now);
      return counterSettings(ctx);
    },
  }),
};
