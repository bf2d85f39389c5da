import type { Db } from '../db/db';

export interface CommissionScope {
  variantId: string;
  productId: string;
  category: string;
  salespersonId: string | null;
  /** The salesperson's default rate, used when no rule matches. */
  defaultBp: number;
}

const SPECIFICITY = { variant: 4, product: 3, category: 2, salesperson: 1 } as const;

/** The most specific active rule wins: variant, then product, then category, then salesperson. */
export function resolveCommissionRateBp(db: Db, scope: CommissionScope): number {
  const rules = db.all(
    db.q
      .selectFrom('commission_rules')
      .select(['scope', 'rate_bp'])
      .where('active', '=', 1)
      .where((eb) =>
        eb.or([
          eb.and([eb('scope', '=', 'variant'), eb('target', '=', scope.variantId)]),
          eb.and([eb('scope', '=', 'product'), eb('target', '=', scope.productId)]),
          eb.and([eb('scope', '=', 'category'), eb('target', '=', scope.category)]),
          eb.and([eb('scope', '=', 'salesperson'), eb('target', '=', scope.salespersonId ?? '')]),
        ]),
      ),
  );
  let best: { rank: number; rate: number } | null = null;
  for (const rule of rules) {
    const rank = SPECIFICITY[rule.scope];
    if (!best || rank > best.rank) best = { rank, rate: rule.rate_bp };
  }
  return best?.rate ?? scope.defaultBp;
}
