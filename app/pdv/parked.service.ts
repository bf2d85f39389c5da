import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { findVariantBySku } from '../catalog/catalog.queries';
import { requireWholeUnits } from '../catalog/sellable';
import { toMilli } from '../money/money';
import { parkedCartSchema, type ParkedCart, type parkSaleSchema } from './parked.schemas';

export interface ParkedSummary {
  id: string;
  label: string;
  item_count: number;
  total_cents: number;
  created_at: string;
}

/**
 * Sets the cart aside on this register so the cashier can serve the next customer. A line with
 * a fractional quantity of a variant not sold by weight is refused (`fractional_quantity`), as
 * `sales.register` would refuse it later.
 */
export function parkSale(ctx: Context, input: z.output<typeof parkSaleSchema>): ParkedSummary {
  for (const line of input.cart.lines) {
    const variant = findVariantBySku(ctx.db, line.sku);
    const qtyMilli = toMilli(line.qty);
    if (qtyMilli === null) {
      throw new AppError(
        'invalid_quantity',
        `Parked line ${line.sku} has quantity ${line.qty}`,
        'Use no máximo 3 casas decimais na quantidade.',
        { sku: line.sku },
      );
    }
    if (variant) requireWholeUnits({ sku: variant.external_id, sold_by_weight: variant.sold_by_weight }, qtyMilli);
  }
  const count = ctx.db.first(
    ctx.db.q
      .selectFrom('parked_sales')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('register_id', 'is', ctx.session.registerId),
  );
  const row = {
    id: newId(),
    register_id: ctx.session.registerId,
    label: input.label || input.cart.customer?.name || `Venda em espera ${(count?.n ?? 0) + 1}`,
    cart: JSON.stringify(input.cart),
    item_count: input.cart.lines.length,
    total_cents: input.total_cents,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  ctx.db.run(ctx.db.q.insertInto('parked_sales').values(row));
  return {
    id: row.id,
    label: row.label,
    item_count: row.item_count,
    total_cents: row.total_cents,
    created_at: row.created_at,
  };
}

export function listParked(ctx: Context): ParkedSummary[] {
  return ctx.db.all(
    ctx.db.q
      .selectFrom('parked_sales')
      .select(['id', 'label', 'item_count', 'total_cents', 'created_at'])
      .where('register_id', 'is', ctx.session.registerId)
      .orderBy('created_at')
      .orderBy('id'),
  );
}

function takeParked(ctx: Context, id: string) {
  const row = ctx.db.first(
    ctx.db.q
      .selectFrom('parked_sales')
      .selectAll()
      .where('id', '=', id)
      .where('register_id', 'is', ctx.session.registerId),
  );
  if (!row) {
    throw new AppError('unknown_parked_sale', `Parked sale ${id} not found`, 'Venda em espera não encontrada.');
  }
  ctx.db.run(ctx.db.q.deleteFrom('parked_sales').where('id', '=', id));
  return row;
}

/** Takes the cart back to the counter; it is no longer parked. */
export function resumeParked(ctx: Context, id: string): { id: string; label: string; cart: ParkedCart } {
  const row = takeParked(ctx, id);
  return { id: row.id, label: row.label, cart: parkedCartSchema.parse(JSON.parse(row.cart)) };
}

export function discardParked(ctx: Context, id: string): { id: string } {
  takeParked(ctx, id);
  return { id };
}
