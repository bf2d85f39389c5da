import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

export interface CommissionScope {
  variantId: string;
  productId: string;
  category: string;
  salespersonId: string | null;
  /** The salesperson's default rate, used when no rule matches. */
  defaultBp: number;
}

const matchingRules = defineQuery((q) =>
  q
    .selectFrom('commission_rules')
    .select(['scope', 'rate_bp'])
    .where('active', '=', 1)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'variant'), eb('target', '=', P[0])]),
        eb.and([eb('scope', '=', 'product'), eb('target', '=', P[1])]),
        eb.and([eb('scope', '=', 'category'), eb('target', '=', P[2])]),
        eb.and([eb('scope', '=', 'salesperson'), eb('target', '=', P[3])]),
      ]),
    ),
);

const SPECIFICITY = { variant: 4, product: 3, category: 2, salesperson: 1 } as const;

/** The most specific active rule wins: variant, then product, then category, then salesperson. */
export function resolveCommissionRateBp(db: Db, scope: CommissionScope): number {
  const rules = matchingRules.all(db, scope.variantId, scope.productId, scope.category, scope.salespersonId ?? '');
  let best: { rank: number; rate: number } | null = null;
  for (const rule of rules) {
    const rank = SPECIFICITY[rule.scope];
    if (!best || rank > best.rank) best = { rank, rate: rule.rate_bp };
  }
  return best?.rate ?? scope.defaultBp;
}

export function findCommissionRule(db: Db, scope: keyof typeof SPECIFICITY, target: string) {
  return db.first(
    db.q.selectFrom('commission_rules').selectAll().where('scope', '=', scope).where('target', '=', target),
  );
}

/** Every rule with the external id and name of what it targets. */
export function listCommissionRules(db: Db) {
  return db.all(
    db.q
      .selectFrom('commission_rules as r')
      .leftJoin('variants as v', (j) => j.onRef('v.id', '=', 'r.target').on('r.scope', '=', 'variant'))
      .leftJoin('products as vp', 'vp.id', 'v.product_id')
      .leftJoin('products as p', (j) => j.onRef('p.id', '=', 'r.target').on('r.scope', '=', 'product'))
      .leftJoin('salespeople as s', (j) => j.onRef('s.id', '=', 'r.target').on('r.scope', '=', 'salesperson'))
      .select((eb) => [
        'r.id',
        'r.scope',
        'r.target',
        'r.rate_bp',
        'r.active',
        eb.fn.coalesce('v.external_id', 'p.external_id', 's.external_id', 'r.target').as('target_external_id'),
        eb.fn.coalesce('vp.name', 'p.name', 's.name', 'r.target').as('target_name'),
      ])
      .orderBy('r.scope')
      .orderBy('target_external_id'),
  );
}
