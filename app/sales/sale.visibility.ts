import type { Context } from '../contract/context';
import { canSeeCost } from '../catalog/catalog.service';
import type { SaleResult } from './sale.result';

/**
 * Costs and margins are for whoever manages the catalog; the counter sees prices. Applied to
 * what the sales operations return, so a cashier's screen never receives them.
 */
export function visibleResult<T extends Pick<SaleResult, 'margin_cents'>>(
  ctx: Context,
  result: T,
): Omit<T, 'margin_cents'> & { margin_cents: number | null } {
  return canSeeCost(ctx) ? result : { ...result, margin_cents: null };
}

interface CostedLine {
  unit_cost_cents?: number;
  margin_cents: number;
}

export function visibleLines<L extends CostedLine>(
  ctx: Context,
  lines: L[],
): (Omit<L, 'unit_cost_cents' | 'margin_cents'> & { unit_cost_cents?: number | null; margin_cents: number | null })[] {
  if (canSeeCost(ctx)) return lines;
  return lines.map((l) => ({ ...l, margin_cents: null, ...('unit_cost_cents' in l ? { unit_cost_cents: null } : {}) }));
}
