import type { Context } from '../contract/context';
import type { StockMovementKind } from '../db/schema';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';

export interface StockMovementInput {
  variantId: string;
  storeId: string;
  qtyMilli: number;
  kind: StockMovementKind;
  referenceId?: string | null;
  reason?: string | null;
  occurredAt: string;
}

export function recordStockMovement(ctx: Context, m: StockMovementInput): void {
  insertRow(ctx, 'stock_movements', {
    id: newId(),
    variant_id: m.variantId,
    store_id: m.storeId,
    qty_milli: m.qtyMilli,
    kind: m.kind,
    reference_id: m.referenceId ?? null,
    reason: m.reason ?? null,
    occurred_at: m.occurredAt,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  });
}
