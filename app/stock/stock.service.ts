import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { StockMovementKind } from '../db/schema';
import { newId } from '../db/ids';
import { findVariantRowBySku, variantRows } from '../catalog/catalog.queries';
import { deviceStoreId } from '../store/store.service';
import { insertRow, updateRow } from '../sync/outbox';
import { lastStockMovements, stockOf } from './stock.queries';
import {
  qtyToMilli,
  type adjustStockSchema,
  type countStockSchema,
  type getStockSchema,
  type receiveStockSchema,
  type StockItemRef,
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
    created_at: ctx.clock.now().toISOString(),
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

/** The variant an input names, checked to be something that has stock in these quantities. */
function stockableVariant(ctx: Context, ref: StockItemRef, qtyMilli: number) {
  const id = ref.variant_id ?? (ref.sku === undefined ? undefined : findVariantRowBySku(ctx.db, ref.sku)?.id);
  const [variant] = id ? variantRows(ctx.db, [id]) : [];
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
  if (qtyMilli % 1000 !== 0 && variant.sold_by_weight !== 1) {
    throw new AppError(
      'fractional_qty',
      `${variant.sku} is not sold by weight`,
      `${variant.sku} não é vendido por peso: use quantidades inteiras.`,
      { sku: variant.sku },
    );
  }
  return variant;
}

function move(ctx: Context, ref: StockItemRef, qtyMilli: number, kind: StockMovementKind, reason?: string | null) {
  const variant = stockableVariant(ctx, ref, qtyMilli);
  const storeId = deviceStoreId(ctx);
  const movementId = recordStockMovement(ctx, {
    variantId: variant.variant_id,
    storeId,
    qtyMilli,
    kind,
    reason,
    occurredAt: ctx.clock.now().toISOString(),
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
  const change = move(ctx, input, qtyToMilli(input.qty), 'receiving', input.reason);
  if (input.unit_cost !== undefined) updateRow(ctx, 'variants', change.variant_id, { cost_cents: input.unit_cost });
  return change;
}

export function adjustStock(ctx: Context, input: z.output<typeof adjustStockSchema>): StockChange {
  return move(ctx, input, qtyToMilli(input.qty), 'adjustment', input.reason);
}

/** A physical count: the difference to the current stock is recorded, even when it is zero. */
export function countStock(ctx: Context, input: z.output<typeof countStockSchema>): StockChange {
  const counted = qtyToMilli(input.counted_qty);
  const variant = stockableVariant(ctx, input, counted);
  const current = stockOf(ctx.db, variant.variant_id, deviceStoreId(ctx));
  return move(ctx, { variant_id: variant.variant_id }, counted - current, 'count', input.reason);
}

export function getStock(ctx: Context, input: z.output<typeof getStockSchema>) {
  const row = findVariantRowBySku(ctx.db, input.sku);
  if (!row) {
    throw new AppError('unknown_sku', `Unknown SKU ${input.sku}`, `SKU não encontrado: ${input.sku}.`, {
      sku: input.sku,
    });
  }
  const storeId = deviceStoreId(ctx);
  const [variant] = variantRows(ctx.db, [row.id]);
  return {
    variant_id: row.id,
    sku: row.external_id,
    name: variant?.name ?? '',
    size: row.size,
    color: row.color,
    stock_milli: stockOf(ctx.db, row.id, storeId),
    movements: lastStockMovements(ctx.db, row.id, storeId, input.limit),
  };
}
