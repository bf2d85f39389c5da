import type { z } from 'zod';
import { isoNow, type Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { StockMovementKind } from '../db/schema';
import { newId } from '../db/ids';
import { variantRowBySku, variantRows } from '../catalog/catalog.queries';
import { requireWholeUnits } from '../catalog/sellable';
import { toMilli } from '../money/money';
import { deviceStoreId } from '../store/store.service';
import { insertRow, updateRow } from '../sync/outbox';
import { lastStockMovements, stockOf } from './stock.queries';
import type {
  adjustStockSchema,
  countStockSchema,
  getStockSchema,
  receiveStockSchema,
  StockItemRef,
} from './stock.schemas';

export interface StockMovementInput {
  variantId: string;
  storeId: string;
  qtyMilli: number;
  kind: StockMovementKind;
  referenceId?: string | null;
  reason?: string | null;
  occurredAt: string;
}

/** Appends one movement (a fact) and returns its id. */
export function recordStockMovement(ctx: Context, m: StockMovementInput): string {
  const id = newId();
  insertRow(ctx, 'stock_movements', {
    id,
    variant_id: m.variantId,
    store_id: m.storeId,
    qty_milli: m.qtyMilli,
    kind: m.kind,
    reference_id: m.referenceId ?? null,
    reason: m.reason ?? null,
    occurred_at: m.occurredAt,
    created_by: ctx.session.userId,
    created_at: isoNow(ctx.clock),
  });
  return id;
}

export interface StockChange {
  variant_id: string;
  sku: string;
  movement_id: string;
  /** The movement recorded, in thousandths. */
  qty_milli: number;
  /** Stock of the device's store after the movement, in thousandths. */
  stock_milli: number;
}

/** The variant an input names, checked to be something that has stock. */
function stockableVariant(ctx: Context, ref: StockItemRef) {
  const variant =
    ref.variant_id !== undefined
      ? variantRows(ctx.db, [ref.variant_id])[0]
      : ref.sku === undefined
        ? undefined
        : variantRowBySku(ctx.db, ref.sku);
  if (!variant) {
    throw ref.sku !== undefined
      ? new AppError('unknown_sku', `Unknown SKU ${ref.sku}`, `SKU não encontrado: ${ref.sku}.`, { sku: ref.sku })
      : new AppError(
          'unknown_variant',
          `Unknown variant ${ref.variant_id}`,
          `Produto não encontrado: ${ref.variant_id}.`,
          { variant_id: ref.variant_id },
        );
  }
  if (variant.kind === 'service') {
    throw new AppError(
      'not_stockable',
      `${variant.sku} is a service`,
      `${variant.sku} é um serviço e não tem estoque.`,
      { sku: variant.sku },
    );
  }
  return variant;
}

type StockableVariant = ReturnType<typeof stockableVariant>;

function checkWholeUnits(variant: StockableVariant, qtyMilli: number): void {
  requireWholeUnits(variant, qtyMilli);
}

function move(
  ctx: Context,
  variant: StockableVariant,
  qtyMilli: number,
  kind: StockMovementKind,
  reason?: string | null,
): StockChange {
  checkWholeUnits(variant, qtyMilli);
  const storeId = deviceStoreId(ctx);
  const movementId = recordStockMovement(ctx, {
    variantId: variant.variant_id,
    storeId,
    qtyMilli,
    kind,
    reason,
    occurredAt: isoNow(ctx.clock),
  });
  return {
    variant_id: variant.variant_id,
    sku: variant.sku,
    movement_id: movementId,
    qty_milli: qtyMilli,
    stock_milli: stockOf(ctx.db, variant.variant_id, storeId),
  };
}

/** A receiving; with a unit cost, that cost becomes the variant's (last purchase cost). */
export function receiveStock(ctx: Context, input: z.output<typeof receiveStockSchema>): StockChange {
  const change = move(ctx, stockableVariant(ctx, input), toMilli(input.qty)!, 'receiving', input.reason);
  if (input.unit_cost !== undefined) updateRow(ctx, 'variants', change.variant_id, { cost_cents: input.unit_cost });
  return change;
}

export function adjustStock(ctx: Context, input: z.output<typeof adjustStockSchema>): StockChange {
  return move(ctx, stockableVariant(ctx, input), toMilli(input.qty)!, 'adjustment', input.reason);
}

/** A physical count: the difference to the current stock is recorded, even when it is zero. */
export function countStock(ctx: Context, input: z.output<typeof countStockSchema>): StockChange {
  const counted = toMilli(input.counted_qty)!;
  const variant = stockableVariant(ctx, input);
  checkWholeUnits(variant, counted);
  const current = stockOf(ctx.db, variant.variant_id, deviceStoreId(ctx));
  return move(ctx, variant, counted - current, 'count', input.reason);
}

export function getStock(ctx: Context, input: z.output<typeof getStockSchema>) {
  const variant = variantRowBySku(ctx.db, input.sku);
  if (!variant) {
    throw new AppError('unknown_sku', `Unknown SKU ${input.sku}`, `SKU não encontrado: ${input.sku}.`, {
      sku: input.sku,
    });
  }
  const storeId = deviceStoreId(ctx);
  return {
    variant_id: variant.variant_id,
    sku: variant.sku,
    name: variant.name,
    size: variant.size,
    color: variant.color,
    stock_milli: stockOf(ctx.db, variant.variant_id, storeId),
    movements: lastStockMovements(ctx.db, variant.variant_id, storeId, input.limit),
  };
}
