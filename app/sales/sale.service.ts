import { isoNow, type Context } from '../contract/context';
import { checkDiscountLimit } from './discount-limit';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { getSetting } from '../settings/settings.queries';
import { stockOfVariants } from '../stock/stock.queries';
import { recordStockMovement } from '../stock/stock.service';
import { recordPackagePurchases } from '../scheduling/package.ledger';
import { insufficientStockError } from '../catalog/sellable';
import { requireCounterCash } from './sale.counter';
import { listPriced, orderDiscountOf, priceItems, totalsOrThrow } from './sale.pricing';
import type { SaleTotals } from './sale.calc';
import { insertPayments, planPayments, type PlannedPayment } from './payment.service';
import { refreshSaleState, stateOfNewSale } from './sale-state';
import { findSaleByExternalId, nextSaleSeq } from './sale.queries';
import { saleNumber } from './sale-number';
import { resolveCustomer, resolveCustomerById, resolveRegister, resolveSalesperson, resolveStore } from './sale.refs';
import type { RegisterSaleInput } from './sale.schemas';
import { saleResult, type SaleResult } from './sale.result';
import { occurred } from './sale.time';
import { lookupMemo, memoized, remember } from '../db/lookup-memo';

export const ALLOW_NEGATIVE_STOCK_KEY = 'stock.allow_negative';

export function allowNegativeStock(ctx: Context): boolean {
  return (
    memoized(ctx.db, `setting:${ALLOW_NEGATIVE_STOCK_KEY}`, () =>
      getSetting<boolean>(ctx.db, ALLOW_NEGATIVE_STOCK_KEY),
    ) ?? true
  );
}

/**
 * The store's (and register's) next sale sequence. In an import batch (the lookup memo) it is
 * read once and counted on: only register_sale lines run while the memo holds, each inserting
 * its sale with the number taken here, and `applyFile` clears the memo after a rejected line.
 */
function nextSeq(ctx: Context, storeId: string, registerId: string | null): number {
  const key = `sale-seq:${storeId}:${registerId ?? ''}`;
  const held = lookupMemo(ctx.db, key);
  const seq = held.held ? (held.value as number) : nextSaleSeq(ctx.db, storeId, registerId);
  remember(ctx.db, key, seq + 1);
  return seq;
}

export interface RegisterOptions {
  /**
   * At the counter a sale is made on the session's register and finished only when paid in
   * full; imported actions name their register (or none) and may leave a sale open.
   */
  counter: boolean;
}

export function registerSale(ctx: Context, input: RegisterSaleInput, options: RegisterOptions): SaleResult {
  const existing = findSaleByExternalId(ctx.db, input.external_id);
  if (existing) return { ...saleResult(ctx, existing.id), duplicate: true };

  const store = resolveStore(ctx, input.location_external_id);
  const named = resolveRegister(ctx, store.id, input.register, options.counter);
  const customer = input.customer_id
    ? resolveCustomerById(ctx, input.customer_id)
    : resolveCustomer(ctx, input.customer_external_id);
  const salesperson = resolveSalesperson(ctx, input.salesperson_external_id);
  const occurredAt = occurred(ctx, input.occurred_at);
  const items = priceItems(ctx, input.items, { counter: options.counter, salesperson });
  const totals = totalsOrThrow(items, orderDiscountOf(input));
  // The counter sells only into an open caixa of its own register, checked before asking a
  // manager for a discount so nobody types a PIN for a sale that cannot happen.
  const counterCash = options.counter ? requireCounterCash(ctx, store.id, named) : null;
  const register = counterCash ? counterCash.register : named;
  const discountApprovedBy = checkDiscountLimit(ctx, listPriced(items), totals.totalCents, input.approval);

  const { planned, paid } = planPayments(totals.totalCents, input.payments);
  if (options.counter && paid < totals.totalCents) {
    throw new AppError(
      'payment_short',
      `Paid ${paid} of ${totals.totalCents}`,
      'Os pagamentos não cobrem o total da venda.',
      {
        total_cents: totals.totalCents,
        paid_cents: paid,
      },
    );
  }

  const saleId = newId();
  const seq = nextSeq(ctx, store.id, register?.id ?? null);
  const now = isoNow(ctx.clock);
  // Unique per register, or per desktop for imports without one (sale-number.ts, issue 14).
  const number = saleNumber(ctx.db, store.code, register?.code ?? null, seq);
  insertRow(ctx, 'sales', {
    id: saleId,
    external_id: input.external_id,
    number,
    seq,
    store_id: store.id,
    register_id: register?.id ?? null,
    customer_id: customer?.id ?? null,
    salesperson_id: salesperson?.id ?? null,
    channel: input.channel,
    occurred_at: occurredAt,
    subtotal_cents: totals.subtotalCents,
    line_discount_cents: totals.lineDiscountCents,
    order_discount_cents: totals.orderDiscountCents,
    total_cents: totals.totalCents,
    notes: input.notes ?? null,
    created_by: ctx.session.userId,
    created_at: now,
    discount_approved_by: discountApprovedBy,
  });
  const allowNegative = allowNegativeStock(ctx);
  // The goods lines' stock in one read; a variant named on two lines starts its second line
  // where the first left it, as stock_levels (kept by a trigger) would say after its movement.
  const goods: string[] = [];
  for (const { variant } of items) if (variant.kind === 'goods') goods.push(variant.id);
  const stock = stockOfVariants(ctx.db, goods, store.id);
  const warnings: { code: 'negative_stock'; sku: string; stock_milli: number }[] = [];
  totals.lines.forEach((line, i) => {
    // computeSale keeps the order of its lines but not their variants.
    const variant = items[i]?.variant;
    if (!variant) return;
    insertRow(ctx, 'sale_items', {
      id: newId(),
      sale_id: saleId,
      line_no: i + 1,
      variant_id: variant.id,
      qty_milli: line.qtyMilli,
      unit_price_cents: line.unitPriceCents,
      amount_cents: line.amountCents,
      line_discount_cents: line.lineDiscountCents,
      order_discount_cents: line.orderDiscountCents,
      net_cents: line.netCents,
      unit_cost_cents: line.unitCostCents,
      cost_cents: line.costCents,
      commission_rate_bp: line.commissionRateBp,
      commission_cents: line.commissionCents,
      margin_cents: line.marginCents,
    });
    if (variant.kind !== 'goods') return;
    const after = (stock.get(variant.id) ?? 0) - line.qtyMilli;
    stock.set(variant.id, after);
    if (after < 0) {
      if (!allowNegative) throw insufficientStockError(variant.external_id, after + line.qtyMilli);
      warnings.push({ code: 'negative_stock', sku: variant.external_id, stock_milli: after });
    }
    recordStockMovement(ctx, {
      variantId: variant.id,
      storeId: store.id,
      qtyMilli: -line.qtyMilli,
      kind: 'sale',
      referenceId: saleId,
      occurredAt,
    });
  });
  // Session packages sold give the patient their sessions (a ledger; issue 11). Only a sale
  // with a package line pays for the lookup: the variants' kinds are already in hand.
  if (items.some(({ variant }) => variant.kind === 'package')) {
    recordPackagePurchases(ctx, saleId, customer?.id ?? null, occurredAt);
  }
  insertPayments(
    ctx,
    {
      saleId,
      storeId: store.id,
      customerId: customer?.id ?? null,
      registerId: register?.id ?? null,
      cashSessionId: counterCash?.cashSessionId,
      occurredAt,
      enforceCreditLimit: options.counter,
      approval: input.approval,
    },
    planned,
  );
  const result = newSaleResult(ctx, { saleId, externalId: input.external_id, number, occurredAt }, totals, planned);
  return { ...result, warnings, duplicate: false };
}

/**
 * The new sale's state and answer. Without crediário its facts are all in hand (the lines and
 * payments just written), so neither the facts query nor the result query runs (issue 9 item
 * 14); with crediário parcelas the state is read back from the facts as for any later change.
 * Change is what the stored payments say, `changeCents` of each tender as planPayments left it.
 */
function newSaleResult(
  ctx: Context,
  sale: { saleId: string; externalId: string; number: string; occurredAt: string },
  totals: SaleTotals,
  planned: readonly PlannedPayment[],
): SaleResult {
  const reason = 'venda registrada';
  if (totals.lines.length === 0 || planned.some((p) => p.method === 'crediario')) {
    refreshSaleState(ctx, sale.saleId, reason, sale.occurredAt);
    return saleResult(ctx, sale.saleId);
  }
  let paid = 0;
  let change = 0;
  let declined = false;
  for (const p of planned) {
    if (p.status === 'recusado') declined = true;
    else {
      paid += p.appliedCents;
      change += p.changeCents;
    }
  }
  let qty = 0;
  let margin = 0;
  let commission = 0;
  for (const line of totals.lines) {
    qty += line.qtyMilli;
    margin += line.marginCents;
    commission += line.commissionCents;
  }
  const total = totals.totalCents;
  const status = stateOfNewSale(ctx, sale.saleId, { total, paid, change, declined, qty }, reason, sale.occurredAt);
  return {
    sale_id: sale.saleId,
    external_id: sale.externalId,
    number: sale.number,
    status,
    total_cents: total,
    paid_cents: paid,
    change_cents: change,
    refunded_cents: 0,
    net_cents: total,
    margin_cents: margin,
    commission_cents: commission,
    warnings: [],
    duplicate: false,
  };
}
