import type { Context } from '../contract/context';
import { requireApproval, type Approval } from '../auth/approval';
import { lineAmount } from '../money/money';
import { getSetting } from '../settings/settings.queries';

/** The most a user without `sales.discount` may give off the list price, in basis points. */
export const MAX_DISCOUNT_BP_KEY = 'sales.max_discount_bp';
export const DEFAULT_MAX_DISCOUNT_BP = 1000;

export function maxDiscountBp(ctx: Context): number {
  return getSetting<number>(ctx.db, MAX_DISCOUNT_BP_KEY) ?? DEFAULT_MAX_DISCOUNT_BP;
}

interface PricedLine {
  qtyMilli: number;
  listPriceCents: number;
}

/**
 * A counter sale charging less than the list price by more than the limit needs someone with
 * `sales.discount`. A typed-over unit price counts as a discount, or the limit would be one
 * keystroke away. Returns who approved, or null when no approval was needed.
 */
export function checkDiscountLimit(
  ctx: Context,
  lines: PricedLine[],
  chargedCents: number,
  approval: Approval | undefined,
): string | null {
  const listCents = lines.reduce((a, l) => a + lineAmount(l.qtyMilli, l.listPriceCents), 0);
  const offCents = listCents - chargedCents;
  if (offCents <= 0 || listCents === 0) return null;
  const limitBp = maxDiscountBp(ctx);
  // Integer cross-multiplication: off/list > limit/10000 without a float in sight.
  if (offCents * 10_000 <= limitBp * listCents) return null;
  return requireApproval(ctx, approval, 'sales.discount', `discount of ${offCents} on ${listCents}`);
}
