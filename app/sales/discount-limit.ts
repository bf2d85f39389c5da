import type { Context } from '../contract/context';
import { requireApproval, type Approval } from '../auth/approval';
import { roleHas } from '../auth/roles';
import { lineAmount } from '../money/money';
import { getSetting } from '../settings/settings.queries';

/** The most a user without `sales.discount` may give off the list price, in basis points. */
export const MAX_DISCOUNT_BP_KEY = 'sales.max_discount_bp';
export const DEFAULT_MAX_DISCOUNT_BP = 1000;

export function maxDiscountBp(ctx: Context): number {
  return getSetting<number>(ctx.db, MAX_DISCOUNT_BP_KEY) ?? DEFAULT_MAX_DISCOUNT_BP;
}

export interface PricedLine {
  /** Quantity in thousandths. */
  qtyMilli: number;
  /** The variant's list price per unit, in centavos. */
  listPriceCents: number;
}

/**
 * Whether the caller gives discounts without a limit: a role with `sales.discount` (owner,
 * manager), or the CLI's system session (imports record what another system already charged).
 */
export function discountsFreely(ctx: Context): boolean {
  const { system, role } = ctx.session;
  return system || (role !== null && roleHas(role, 'sales.discount'));
}

/** Σ qty × list price (half up per line), in centavos: the base every discount is measured on. */
export function listTotal(lines: readonly PricedLine[]): number {
  return lines.reduce((a, l) => a + lineAmount(l.qtyMilli, l.listPriceCents), 0);
}

/** True when charging `chargedCents` for what lists at `listCents` stays within `limitBp` off. */
export function withinLimit(listCents: number, chargedCents: number, limitBp: number): boolean {
  const offCents = listCents - chargedCents;
  if (offCents <= 0 || listCents === 0) return true;
  // Integer cross-multiplication: off/list ≤ limit/10000 without a float in sight.
  return offCents * 10_000 <= limitBp * listCents;
}

/**
 * The one discount check of every path that lowers what a customer pays: a counter sale
 * (order discount, line discounts or a typed-over unit price — all count, or the limit would be
 * one keystroke away), `sales.discount` and the `apply_discount` action on an open sale.
 * Charging less than the list price by more than `sales.max_discount_bp` needs `sales.discount`
 * (the caller's role) or a supervisor's login + PIN in `approval` (`approval_required` /
 * `approval_invalid` otherwise). Returns who approved a discount beyond the limit (the caller
 * when their role may), or null when none was needed (or the CLI imported it).
 */
export function checkDiscountLimit(
  ctx: Context,
  lines: readonly PricedLine[],
  chargedCents: number,
  approval: Approval | undefined,
): string | null {
  // The CLI's imports record what another system already charged, and name no approver.
  if (ctx.session.system) return null;
  const listCents = listTotal(lines);
  const offCents = listCents - chargedCents;
  if (offCents <= 0 || listCents === 0) return null;
  if (withinLimit(listCents, chargedCents, maxDiscountBp(ctx))) return null;
  // Beyond the limit: the caller's own role approves.
  if (discountsFreely(ctx)) return ctx.session.userId;
  return requireApproval(ctx, approval, 'sales.discount', `discount of ${offCents} on ${listCents}`);
}

/** The list-price lines of a stored sale: its quantities at each variant's current list price. */
export function storedSaleListLines(ctx: Context, saleId: string): PricedLine[] {
  return ctx.db
    .all(
      ctx.db.q
        .selectFrom('sale_items as i')
        .innerJoin('variants as v', 'v.id', 'i.variant_id')
        .select(['i.qty_milli as qtyMilli', 'v.price_cents as listPriceCents'])
        .where('i.sale_id', '=', saleId),
    )
    .map((r) => ({ qtyMilli: r.qtyMilli, listPriceCents: r.listPriceCents }));
}
