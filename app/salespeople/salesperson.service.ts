import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { bpToPercent } from '../catalog/commission.schemas';
import { percentToBp } from '../money/money';
import { findStoreByCode } from '../store/store.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { findSalespersonByExternalId, listSalespeople } from './salesperson.queries';
import type { UpsertSalespersonInput } from './salesperson.schemas';

export function upsertSalesperson(ctx: Context, input: UpsertSalespersonInput): { id: string; created: boolean } {
  const store = findStoreByCode(ctx.db, input.location_external_id);
  if (!store) {
    throw new AppError(
      'unknown_location',
      `Unknown location ${input.location_external_id}`,
      `Loja não encontrada: ${input.location_external_id}.`,
      { location_external_id: input.location_external_id },
    );
  }
  const fields = {
    name: input.name,
    store_id: store.id,
    commission_rate_bp: percentToBp(input.commission_rate)!,
    monthly_target_cents: input.monthly_target,
    active: input.active === undefined ? undefined : Number(input.active),
  };
  const existing = findSalespersonByExternalId(ctx.db, input.external_id);
  if (existing) {
    updateRow(ctx, 'salespeople', existing.id, fields);
    return { id: existing.id, created: false };
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'salespeople', {
    id,
    external_id: input.external_id,
    ...fields,
    monthly_target_cents: input.monthly_target ?? 0,
    active: Number(input.active ?? true),
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}

export function listAllSalespeople(ctx: Context) {
  return listSalespeople(ctx.db).map((s) => ({
    ...s,
    commission_rate: bpToPercent(s.commission_rate_bp),
    active: s.active === 1,
  }));
}
