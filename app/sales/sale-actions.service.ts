import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { isValidNfeKey, normalizeNfeKey } from '../br/nfe-key';
import { allocateLargestRemainder, applyRateBp } from '../money/money';
import { getSetting } from '../settings/settings.queries';
import { checkDiscountLimit, storedSaleListLines } from './discount-limit';
import { insertPayments, planPayments } from './payment.service';
import { requireCounterCash } from './sale.counter';
import { refreshSaleState } from './sale-state';
import { discountsByLine, saleItems, saleState } from './sale.queries';
import { resolveCustomer, resolveRegister, resolveSale } from './sale.refs';
import { duplicateOf, saleResult, type SaleResult } from './sale.result';
import { occurred } from './sale.time';
import { saleExpiredError } from '../payments/expiry';
import type { ApplyDiscountInput, LoyaltyInput, RegisterFiscalDataInput, RegisterPaymentInput } from './sale.schemas';

function openSale(ctx: Context, externalId: string) {
  const sale = resolveSale(ctx, externalId);
  const state = saleState(ctx.db, sale.id);
  if (state?.status === 'expirada') throw saleExpiredError(ctx, sale.id, externalId);
  // A declined card payment (`recusada`) leaves the sale waiting for another payment.
  if (!state || (state.status !== 'aguardando_pagamento' && state.status !== 'recusada')) {
    throw new AppError(
      'sale_not_open',
      `Sale ${externalId} is ${state?.status ?? 'unknown'}`,
      'Esta venda não está aguardando pagamento.',
      { status: state?.status },
    );
  }
  return { sale, state };
}

/**
 * A payment on an open sale. At the counter (`sales.pay`) it belongs to the open caixa of the
 * session's register, whatever the method (`cash_not_open` otherwise, issue 8 item 15); an
 * imported payment (`register_payment`) uses the session's register when it has one.
 */
export function registerPayment(
  ctx: Context,
  input: RegisterPaymentInput,
  options: { counter: boolean } = { counter: false },
): SaleResult {
  const duplicate = duplicateOf(ctx, 'payments', input.external_id);
  if (duplicate) return duplicate;
  const { sale, state } = openSale(ctx, input.reference_external_id);
  const due = state.total_cents - state.paid_cents;
  const { planned } = planPayments(due, [input]);
  const register = options.counter
    ? requireCounterCash(ctx, sale.store_id, null).register
    : resolveRegister(ctx, sale.store_id, undefined);
  const at = occurred(ctx, input.occurred_at);
  insertPayments(
    ctx,
    {
      saleId: sale.id,
      customerId: sale.customer_id,
      registerId: register?.id ?? null,
      occurredAt: at,
      enforceCreditLimit: options.counter,
    },
    planned,
    input.external_id ?? null,
  );
  refreshSaleState(ctx, sale.id, input.status === 'recusado' ? 'pagamento recusado' : 'pagamento registrado', at);
  return saleResult(ctx, sale.id);
}

export function registerFiscalData(ctx: Context, input: RegisterFiscalDataInput): SaleResult {
  const key = normalizeNfeKey(input.nfe_key);
  if (!isValidNfeKey(key)) {
    throw new AppError(
      'invalid_nfe_key',
      `Invalid NF-e key ${input.nfe_key}`,
      'Chave de acesso da NF-e inválida (44 dígitos com dígito verificador).',
    );
  }
  const sale = resolveSale(ctx, input.reference_external_id);
  const existing = ctx.db.first(ctx.db.q.selectFrom('fiscal_documents').select('sale_id').where('nfe_key', '=', key));
  if (existing?.sale_id === sale.id) return { ...saleResult(ctx, sale.id), duplicate: true };
  if (existing)
    throw new AppError(
      'nfe_key_taken',
      `NF-e key ${key} belongs to another sale`,
      'Esta chave de NF-e já está em outra venda.',
    );
  if (saleState(ctx.db, sale.id)?.status === 'cancelada') {
    throw new AppError(
      'sale_cancelled',
      `Sale ${sale.external_id} is cancelled`,
      'Venda cancelada não recebe dados fiscais.',
    );
  }
  const at = new Date(input.issue_date).toISOString();
  insertRow(ctx, 'fiscal_documents', {
    id: newId(),
    sale_id: sale.id,
    doc_type: input.doc_type,
    fiscal_number: input.fiscal_number,
    serie: input.serie,
    cfop: input.cfop,
    nfe_key: key,
    issued_at: at,
    icms_cents: input.taxes.icms,
    pis_cents: input.taxes.pis,
    cofins_cents: input.taxes.cofins,
    total_tax_cents: input.taxes.total,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  });
  refreshSaleState(ctx, sale.id, 'dados fiscais registrados', at);
  return saleResult(ctx, sale.id);
}

/**
 * A discount on an open sale, allocated over the lines' current nets by largest remainder.
 * Like every path that lowers what a customer pays, it goes through `checkDiscountLimit`: the
 * sale's total after it, against its lines at list price, beyond `sales.max_discount_bp` needs
 * `sales.discount` or `approval` (issue 9, item 9). A points redemption (`limit: false`) is paid
 * with points the customer owns, not a discount someone grants.
 */
export function applyDiscount(
  ctx: Context,
  input: ApplyDiscountInput,
  reason = 'desconto aplicado',
  limit = true,
): SaleResult {
  const duplicate = duplicateOf(ctx, 'sale_discounts', input.external_id);
  if (duplicate) return duplicate;
  const { sale, state } = openSale(ctx, input.reference_external_id);
  const items = saleItems(ctx.db, sale.id);
  const taken = discountsByLine(ctx.db, sale.id);
  const nets = items.map((i) => i.net_cents - (taken.get(i.id)?.amount ?? 0));
  const amount =
    input.discount_amount ?? applyRateBp(state.total_cents, Math.round((input.discount_percentage ?? 0) * 100));
  const due = state.total_cents - state.paid_cents;
  if (amount <= 0 || amount > due) {
    throw new AppError(
      'invalid_discount',
      `Discount ${amount} outside 1..${due}`,
      'O desconto deve ser maior que zero e no máximo o valor em aberto.',
      { max_cents: due },
    );
  }
  const approvedBy =
    limit && !ctx.session.system
      ? checkDiscountLimit(ctx, storedSaleListLines(ctx, sale.id), state.total_cents - amount, input.approval)
      : null;
  const parts = allocateLargestRemainder(amount, nets);
  const allocations = items.map((item, i) => {
    const share = parts[i] ?? 0;
    const net = nets[i] ?? 0;
    const commissionNow = item.commission_cents - (taken.get(item.id)?.commission ?? 0);
    return {
      sale_item_id: item.id,
      amount_cents: share,
      commission_cents: commissionNow - applyRateBp(net - share, item.commission_rate_bp),
    };
  });
  insertRow(ctx, 'sale_discounts', {
    id: newId(),
    external_id: input.external_id ?? null,
    sale_id: sale.id,
    amount_cents: amount,
    allocations: JSON.stringify(allocations),
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
    approved_by: approvedBy,
  });
  refreshSaleState(ctx, sale.id, reason, ctx.clock.now().toISOString());
  return saleResult(ctx, sale.id);
}

export const POINTS_PER_REAL_KEY = 'loyalty.points_per_real';
export const CENTS_PER_POINT_KEY = 'loyalty.cents_per_point';

export function loyaltyBalance(ctx: Context, customerId: string): number {
  const row = ctx.db.first(
    ctx.db.q
      .selectFrom('loyalty_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.val(0)).as('balance'))
      .where('customer_id', '=', customerId),
  );
  return Number(row?.balance ?? 0);
}

/** Earn points (explicit, or from the referenced sale's net value) or redeem them as a discount. */
export function processLoyalty(
  ctx: Context,
  input: LoyaltyInput,
): { customer_external_id: string; points: number; balance: number; duplicate: boolean; sale?: SaleResult } {
  const customer = resolveCustomer(ctx, input.customer_external_id);
  if (!customer) throw new Error('unreachable');
  if (input.external_id) {
    const dup = ctx.db.first(
      ctx.db.q.selectFrom('loyalty_movements').select('points').where('external_id', '=', input.external_id),
    );
    if (dup)
      return {
        customer_external_id: input.customer_external_id,
        points: Math.abs(dup.points),
        balance: loyaltyBalance(ctx, customer.id),
        duplicate: true,
      };
  }
  const sale = input.reference_external_id ? resolveSale(ctx, input.reference_external_id) : null;
  let points = input.points ?? 0;
  if (input.operation === 'earn' && input.points === undefined) {
    if (!sale)
      throw new AppError(
        'points_required',
        'Earn needs points or a sale',
        'Informe os pontos ou a venda de referência.',
      );
    const perReal = getSetting<number>(ctx.db, POINTS_PER_REAL_KEY) ?? 1;
    points = Math.floor(((saleState(ctx.db, sale.id)?.net_cents ?? 0) * perReal) / 100);
  }
  if (points <= 0) throw new AppError('points_required', 'No points to move', 'Nenhum ponto a movimentar.');
  const balance = loyaltyBalance(ctx, customer.id);
  if (input.operation === 'redeem' && points > balance) {
    throw new AppError(
      'insufficient_points',
      `Balance ${balance} < ${points}`,
      `Saldo de pontos insuficiente (${balance}).`,
      { balance },
    );
  }
  const at = occurred(ctx, input.occurred_at);
  insertRow(ctx, 'loyalty_movements', {
    id: newId(),
    external_id: input.external_id ?? null,
    customer_id: customer.id,
    sale_id: sale?.id ?? null,
    kind: input.operation,
    points: input.operation === 'earn' ? points : -points,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  });
  let saleAfter: SaleResult | undefined;
  if (input.operation === 'redeem' && sale) {
    const centsPerPoint = getSetting<number>(ctx.db, CENTS_PER_POINT_KEY) ?? 1;
    saleAfter = applyDiscount(
      ctx,
      { reference_external_id: sale.external_id, discount_amount: points * centsPerPoint },
      'resgate de pontos',
      false,
    );
  }
  return {
    customer_external_id: input.customer_external_id,
    points,
    balance: loyaltyBalance(ctx, customer.id),
    duplicate: false,
    ...(saleAfter ? { sale: saleAfter } : {}),
  };
}
