import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { percentToBp } from '../money/money';
import { findSalespersonByExternalId } from '../salespeople/salesperson.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { categoryExists, findProductByExternalId, findVariantBySku } from './catalog.queries';
import { findCommissionRule, listCommissionRules } from './commission.queries';
import { bpToPercent, type COMMISSION_SCOPES, type setCommissionRuleSchema } from './commission.schemas';

type Scope = (typeof COMMISSION_SCOPES)[number];

const UNKNOWN: Record<Scope, { code: string; en: string; pt: string }> = {
  variant: { code: 'unknown_sku', en: 'Unknown SKU', pt: 'SKU não encontrado' },
  product: { code: 'unknown_product', en: 'Unknown product', pt: 'Produto não encontrado' },
  category: { code: 'unknown_category', en: 'Unknown category', pt: 'Categoria não encontrada' },
  salesperson: { code: 'unknown_salesperson', en: 'Unknown salesperson', pt: 'Vendedor não encontrado' },
};

/** Rules point at internal ids (a category at its name), which is what the resolver matches. */
function resolveTarget(ctx: Context, scope: Scope, externalId: string): string | undefined {
  switch (scope) {
    case 'variant':
      return findVariantBySku(ctx.db, externalId)?.id;
    case 'product':
      return findProductByExternalId(ctx.db, externalId)?.id;
    case 'category':
      return categoryExists(ctx.db, externalId) ? externalId : undefined;
    case 'salesperson':
      return findSalespersonByExternalId(ctx.db, externalId)?.id;
  }
}

export function setCommissionRule(
  ctx: Context,
  input: z.output<typeof setCommissionRuleSchema>,
): { id: string; created: boolean } {
  const target = resolveTarget(ctx, input.scope, input.target_external_id);
  if (target === undefined) {
    const u = UNKNOWN[input.scope];
    throw new AppError(u.code, `${u.en}: ${input.target_external_id}`, `${u.pt}: ${input.target_external_id}.`, {
      scope: input.scope,
      target_external_id: input.target_external_id,
    });
  }
  const rateBp = percentToBp(input.rate)!;
  const existing = findCommissionRule(ctx.db, input.scope, target);
  if (existing) {
    updateRow(ctx, 'commission_rules', existing.id, { rate_bp: rateBp, active: Number(input.active ?? true) });
    return { id: existing.id, created: false };
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'commission_rules', {
    id,
    scope: input.scope,
    target,
    rate_bp: rateBp,
    active: Number(input.active ?? true),
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

export function listRules(ctx: Context) {
  return listCommissionRules(ctx.db).map((r) => ({
    id: r.id,
    scope: r.scope,
    target_external_id: r.target_external_id,
    target_name: r.target_name,
    rate: bpToPercent(r.rate_bp),
    rate_bp: r.rate_bp,
    active: r.active === 1,
  }));
}
