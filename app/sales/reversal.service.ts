import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { divRoundHalfUp, toMilli } from '../money/money';
import { recordStockMovement } from '../stock/stock.service';
import { cashSessionFor } from './payment.service';
import { refreshSaleState } from './sale-state';
import { discountsByLine, lineAdjustments, saleItems, salePayments, saleState } from './sale.queries';
import { resolveSale } from './sale.refs';
import { duplicateOf, saleResult, type SaleResult } from './sale.result';
import { occurred } from './sale.time';
import type { RegisterCancellationInput, RegisterReturnInput } from './sale.schemas';

/** Cancels a whole sale: stock back, loyalty earned on it reversed, commission and margin gone. */
export function cancelSale(ctx: Context, input: RegisterCancellationInput): SaleResult {
  const duplicate = duplicateOf(ctx, 'cancellations', input.external_id);
  if (duplicate) return duplicate;
  const sale = resolveSale(ctx, input.reference_external_id);
  const state = saleState(ctx.db, sale.id);
  if (state?.status === 'cancelada') {
    throw new AppError(
      'already_cancelled',
      `Sale ${sale.external_id} is already cancelled`,
      'Esta venda já está cancelada.',
    );
  }
  // A return of a few grams can refund 0 centavos: what matters is that goods came back.
  const returned = ctx.db.first(ctx.db.q.selectFrom('returns').select('id').where('sale_id', '=', sale.id));
  if (returned) {
    throw new AppError(
      'has_returns',
      `Sale ${sale.external_id} has returns`,
      'Esta venda tem devoluções; faça a devolução dos itens restantes.',
    );
  }
  const at = occurred(ctx, input.occurred_at);
  const payments = salePayments(ctx.db, sale.id);
  const cashPaid = payments.filter((p) => p.method === 'dinheiro').reduce((a, p) => a + p.amount_cents, 0);
  const sessionId = cashSessionFor(ctx, ctx.session.registerId, cashPaid > 0);
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'cancellations', {
    id: newId(),
    external_id: input.external_id ?? null,
    sale_id: sale.id,
    reason: input.reason,
    refund_cents: payments.reduce((a, p) => a + p.amount_cents, 0),
    cash_refund_cents: sessionId ? cashPaid : 0,
    cash_session_id: sessionId,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: now,
  });
  for (const item of saleItems(ctx.db, sale.id)) {
    if (item.kind !== 'goods') continue;
    recordStockMovement(ctx, {
      variantId: item.variant_id,
      storeId: sale.store_id,
      qtyMilli: item.qty_milli,
      kind: 'cancellation',
      referenceId: sale.id,
      occurredAt: at,
    });
  }
  const earned = ctx.db.first(
    ctx.db.q
      .selectFrom('loyalty_movements')
      .select((eb) => [eb.fn.sum<number>('points').as('points'), eb.fn.max('customer_id').as('customer_id')])
      .where('sale_id', '=', sale.id)
      .where('kind', 'in', ['earn', 'reversal']),
  );
  if (earned?.customer_id && earned.points > 0) {
    insertRow(ctx, 'loyalty_movements', {
      id: newId(),
      external_id: null,
      customer_id: earned.customer_id,
      sale_id: sale.id,
      kind: 'reversal',
      points: -earned.points,
      occurred_at: at,
      created_by: ctx.session.userId,
      created_at: now,
    });
  }
  refreshSaleState(ctx, sale.id, input.reason, at);
  return saleResult(ctx, sale.id);
}

/**
 * Returns chosen lines and quantities. The refund of a line is its net × returned / sold,
 * rounded half up, and the last return of a line refunds exactly what is left of it.
 */
export function returnItems(ctx: Context, input: RegisterReturnInput): SaleResult {
  const duplicate = duplicateOf(ctx, 'returns', input.external_id);
  if (duplicate) return duplicate;
  const sale = resolveSale(ctx, input.reference_external_id);
  const state = saleState(ctx.db, sale.id);
  if (!state || state.status === 'cancelada')
    throw new AppError(
      'sale_cancelled',
      `Sale ${sale.external_id} is cancelled`,
      'Venda cancelada não aceita devolução.',
    );
  if (state.status === 'aguardando_pagamento')
    throw new AppError(
      'sale_not_paid',
      `Sale ${sale.external_id} is not paid`,
      'A venda ainda não foi paga; cancele-a em vez de devolver.',
    );
  if (input.refund_method === 'credito_loja' && !sale.customer_id) {
    throw new AppError(
      'customer_required',
      'Store credit needs a customer',
      'Crédito de loja exige um cliente na venda.',
    );
  }
  const items = saleItems(ctx.db, sale.id);
  const { returned } = lineAdjustments(ctx.db, sale.id);
  const discountByLine = discountsByLine(ctx.db, sale.id);
  const done = new Map(returned.map((r) => [r.sale_item_id, r]));
  const pending = new Map<string, number>();
  const rows: {
    itemId: string;
    variantId: string;
    kind: string;
    qty: number;
    refund: number;
    commission: number;
    margin: number;
  }[] = [];
  for (const wanted of input.items) {
    let left = toMilli(wanted.qty) ?? 0;
    for (const item of items.filter((i) => i.sku === wanted.variant_external_id)) {
      const already = Number(done.get(item.id)?.qty_milli ?? 0) + (pending.get(item.id) ?? 0);
      const take = Math.min(left, item.qty_milli - already);
      if (take <= 0) continue;
      pending.set(item.id, (pending.get(item.id) ?? 0) + take);
      left -= take;
      const adj = discountByLine.get(item.id) ?? { amount: 0, commission: 0 };
      const net = item.net_cents - adj.amount;
      const commission = item.commission_cents - adj.commission;
      const margin = item.margin_cents - adj.amount;
      const prev = done.get(item.id);
      const last = already + take === item.qty_milli;
      const share = (total: number, before: number) =>
        last ? total - before : divRoundHalfUp(total * take, item.qty_milli);
      rows.push({
        itemId: item.id,
        variantId: item.variant_id,
        kind: item.kind,
        qty: take,
        refund: share(net, Number(prev?.refund_cents ?? 0)),
        commission: share(commission, Number(prev?.commission_cents ?? 0)),
        margin: share(margin, Number(prev?.margin_cents ?? 0)),
      });
      if (left === 0) break;
    }
    if (left > 0) {
      throw new AppError(
        'return_exceeds_sold',
        `Return of ${wanted.variant_external_id} exceeds what is left`,
        `Devolução maior que o vendido (menos o já devolvido) de ${wanted.variant_external_id}.`,
        {
          sku: wanted.variant_external_id,
        },
      );
    }
  }
  const at = occurred(ctx, input.occurred_at);
  const refund = rows.reduce((a, r) => a + r.refund, 0);
  const sessionId = cashSessionFor(ctx, ctx.session.registerId, input.refund_method === 'dinheiro');
  const returnId = newId();
  insertRow(ctx, 'returns', {
    id: returnId,
    external_id: input.external_id ?? null,
    sale_id: sale.id,
    reason: input.reason,
    condition: input.condition,
    refund_method: input.refund_method,
    refund_cents: refund,
    cash_session_id: input.refund_method === 'dinheiro' ? sessionId : null,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  });
  for (const r of rows) {
    insertRow(ctx, 'return_items', {
      id: newId(),
      return_id: returnId,
      sale_item_id: r.itemId,
      qty_milli: r.qty,
      refund_cents: r.refund,
      commission_reversal_cents: r.commission,
      margin_reversal_cents: r.margin,
    });
    if (input.condition === 'revenda' && r.kind === 'goods') {
      recordStockMovement(ctx, {
        variantId: r.variantId,
        storeId: sale.store_id,
        qtyMilli: r.qty,
        kind: 'return',
        referenceId: returnId,
        reason: input.reason,
        occurredAt: at,
      });
    }
  }
  refreshSaleState(ctx, sale.id, input.reason, at);
  return saleResult(ctx, sale.id);
}
