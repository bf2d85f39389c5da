import { z } from 'zod';
import { op } from '../contract/define';
import { counterCashStatus } from '../sales/sale.counter';
import { checkDiscountSchema, checkLineSchema } from './pdv-checks.schemas';
import { checkDiscount, checkLine } from './pdv-checks.service';

/**
 * Read-only checks the PDV runs while the cart is built, so a cashier learns of a problem before
 * taking the money (issue 8, items 15 and 16). `sales.register` checks everything again at F10.
 */
export const pdvCheckOps = {
  /**
   * `{}` → `{ register: { id, code, name } | null, open, cash_session_id, opened_at }`: whether
   * this channel's register has an open caixa (counter sales are refused with `cash_not_open`
   * otherwise). Cheap: two indexed reads.
   */
  'pdv.cash_status': op({
    input: z.object({}),
    permission: 'sales.register',
    readonly: true,
    handler: (ctx) => counterCashStatus(ctx),
  }),
  /**
   * `{ sku, qty }` (qty: the cart's total for that SKU, units or kg) → `LineCheck`:
   * `{ variant_id, sku, name, kind, sold_by_weight, qty_milli, stock_milli (null for services),
   * allow_negative_stock, ok, problem: { code, message } | null }`; codes `inactive_product`,
   * `fractional_quantity`, `insufficient_stock` (ok false) and `negative_stock` (a warning, ok true).
   */
  'pdv.check_line': op({
    input: checkLineSchema,
    permission: 'sales.register',
    readonly: true,
    handler: checkLine,
  }),
  /**
   * The cart as for `sales.register` (`items[{ variant_external_id, qty, unit_price?,
   * discount_amount? }]`, `discount_amount?` | `discount_percentage?`) → `DiscountCheck`:
   * `{ list_cents, total_cents, discount_cents, discount_bp, limit_bp, max_discount_cents,
   * within_limit, needs_approval, message }`.
   */
  'pdv.check_discount': op({
    input: checkDiscountSchema,
    permission: 'sales.register',
    readonly: true,
    handler: checkDiscount,
  }),
};
