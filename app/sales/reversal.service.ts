import type { Context } from '../contract/context';
import { closePackages, packageShare } from '../scheduling/package.ledger';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { divRoundHalfUp, toMilli } from '../money/money';
import { recordStockMovement } from '../stock/stock.service';
import {
  counterCashSession,
  paidSplit,
  reverseLoyalty,
  splitReturnRefund,
  type ReversalOptions,
} from './reversal.balances';
import { refreshSaleState } from './sale-state';
import { restoreSaleStock } from './sale-stock';
import { discountsByLine, lineAdjustments, saleItems, saleState } from './sale.queries';
import { resolveSale } from './sale.refs';
import { duplicateOf, saleResult, type SaleResult } from './sale.result';
import { occurred } from './sale.time';
import { cancelOpenInstallments, reduceOpenInstallments } from '../payments/crediario';
import type { RegisterCancellationInput, RegisterReturnInput } from './sale.schemas';

/**
 * Cancels a whole sale: every payment back (cash from the open caixa at the counter, store
 * credit to the customer's balance), stock back, loyalty points redeemed on it restored and
 * points earned on it removed, commission and margin gone. Errors: `already_cancelled`,
 * `has_returns`, `cash_refund_needs_open_cash` (counter, cash paid, no open caixa).
 */
export function cancelSale(ctx: Context, input: RegisterCancellationInput, options: ReversalOptions): SaleResult {
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
  // A crediário sale: open parcelas are cancelled first; only what was paid goes back.
  cancelOpenInstallments(ctx, sale.id, at);
  const paid = paidSplit(ctx.db, sale.id);
  const sessionId = counterCashSession(ctx, paid.cash, options);
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'cancellations', {
    id: newId(),
    external_id: input.external_id ?? null,
    sale_id: sale.id,
    reason: input.reason,
    refund_cents: paid.cash + paid.credit + paid.other,
    cash_refund_cents: paid.cash,
    store_credit_cents: paid.credit,
    cash_session_id: sessionId,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: now,
  });
  restoreSaleStock(ctx, sale, at);
  closePackages(
    ctx,
    saleItems(ctx.db, sale.id).map((i) => i.id),
    'cancel',
    {},
  );
  reverseLoyalty(ctx, sale.id, { all: true }, at);
  refreshSaleState(ctx, sale.id, input.reason, at);
  return saleResult(ctx, sale.id);
}

/**
 * Returns chosen lines and quantities. The refund of a line is its net × returned / sold,
 * rounded half up, and the last return of a line refunds exactly what is left of it. The refund
 * is split by `splitReturnRefund` (cash, store credit, other); its cash part leaves the open
 * caixa at the counter (`cash_refund_needs_open_cash` without one) and its credit part goes to
 * the customer's balance. Loyalty points follow in proportion (`reverseLoyalty`).
 */
export function returnItems(ctx: Context, input: RegisterReturnInput, options: ReversalOptions): SaleResult {
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
        // A session package refunds only its unused sessions (issue 11).
        refund: packageShare(ctx, item.id, item.kind, share(net, Number(prev?.refund_cents ?? 0))),
        commission: packageShare(ctx, item.id, item.kind, share(commission, Number(prev?.commission_cents ?? 0))),
        margin: packageShare(ctx, item.id, item.kind, share(margin, Number(prev?.margin_cents ?? 0))),
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
  // A crediário sale: open parcelas are cancelled (or reduced) first; only the rest is paid back.
  const owed = reduceOpenInstallments(ctx, sale.id, refund, at);
  const split = splitReturnRefund(ctx.db, sale.id, refund - owed, input.refund_method);
  split.other += owed;
  if (split.credit > 0 && !sale.customer_id) {
    throw new AppError(
      'customer_required',
      'Store credit needs a customer',
      'Crédito de loja exige um cliente na venda.',
    );
  }
  const sessionId = counterCashSession(ctx, split.cash, options);
  const returnId = newId();
  insertRow(ctx, 'returns', {
    id: returnId,
    external_id: input.external_id ?? null,
    sale_id: sale.id,
    reason: input.reason,
    condition: input.condition,
    refund_method: input.refund_method,
    refund_cents: refund,
    cash_refund_cents: split.cash,
    store_credit_cents: split.credit,
    cash_session_id: sessionId,
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
  closePackages(
    ctx,
    rows.filter((r) => r.kind === 'package').map((r) => r.itemId),
    'return',
    { return_id: returnId },
  );
  const status = refreshSaleState(ctx, sale.id, input.reason, at);
  const after = saleState(ctx.db, sale.id);
  reverseLoyalty(
    ctx,
    sale.id,
    status === 'reembolsada'
      ? { all: true }
      : { all: false, refunded: after?.refunded_cents ?? 0, total: after?.total_cents ?? 0 },
    at,
  );
  return saleResult(ctx, sale.id);
}
