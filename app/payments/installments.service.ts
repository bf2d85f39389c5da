import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { formatBRL } from '../money/money';
import { insertRow, updateRow } from '../sync/outbox';
import { requireCounterCash } from '../sales/sale.counter';
import { refreshSaleState } from '../sales/sale-state';
import { resolveSale } from '../sales/sale.refs';
import { saleResult, type SaleResult } from '../sales/sale.result';
import { occurred } from '../sales/sale.time';
import { crediarioTerms, lateCharges, todayAt } from './crediario';
import { feeOnPayment } from './fees';
import type { ReceiveInstallmentInput } from './payments.schemas';

function findInstallment(ctx: Context, saleExternalId: string, number: number) {
  const sale = resolveSale(ctx, saleExternalId);
  const inst = ctx.db.first(
    ctx.db.q
      .selectFrom('crediario_installments')
      .selectAll()
      .where('sale_id', '=', sale.id)
      .where('number', '=', number),
  );
  if (!inst) {
    throw new AppError(
      'installment_not_found',
      `Sale ${saleExternalId} has no installment ${number}`,
      `Esta venda não tem a parcela ${number} no crediário.`,
    );
  }
  return { sale, inst };
}

export interface InstallmentQuote {
  sale_external_id: string;
  installment_number: number;
  count: number;
  due_date: string;
  status: 'aberta' | 'paga' | 'cancelada';
  amount_cents: number;
  days_late: number;
  fine_cents: number;
  interest_cents: number;
  total_cents: number;
}

/** A parcela and what it costs if paid on the day of `at` (store-local): late charges included. */
export function quoteInstallment(ctx: Context, saleExternalId: string, number: number, at?: string): InstallmentQuote {
  const { sale, inst } = findInstallment(ctx, saleExternalId, number);
  const charges = lateCharges(inst.amount_cents, inst.due_date, todayAt(ctx, sale.store_id, at), crediarioTerms(ctx));
  return {
    sale_external_id: sale.external_id,
    installment_number: inst.number,
    count: inst.count,
    due_date: inst.due_date,
    status: inst.status,
    amount_cents: inst.amount_cents,
    ...charges,
  };
}

export interface InstallmentReceipt {
  receipt_id: string;
  installment: InstallmentQuote;
  tendered_cents: number;
  change_cents: number;
  sale: SaleResult;
  duplicate: boolean;
}

/**
 * Receives a parcela (the `receive_installment` action; at the counter `payments.receive_installment`):
 * the amount must cover the parcela plus its late charges on the receiving day
 * (`installment_amount_short` with the amount due); only cash may exceed it (the excess is
 * change; otherwise `non_cash_overpayment`). At the counter it belongs to the open caixa of the
 * session's register (`cash_not_open`), like any money; imports stay outside sessions. A card
 * receipt carries the fee of the card rule. The sale is `completa` once no parcela is open.
 * `installment_not_open` when the parcela was paid or cancelled.
 */
export function receiveInstallment(
  ctx: Context,
  input: ReceiveInstallmentInput,
  options: { counter: boolean },
): InstallmentReceipt {
  if (input.external_id) {
    const dup = ctx.db.first(
      ctx.db.q
        .selectFrom('installment_receipts')
        .innerJoin('crediario_installments as i', 'i.id', 'installment_receipts.installment_id')
        .innerJoin('sales', 'sales.id', 'installment_receipts.sale_id')
        .select([
          'installment_receipts.id',
          'sales.external_id',
          'i.number',
          'tendered_cents',
          'change_cents',
          'installment_receipts.sale_id',
        ])
        .where('installment_receipts.external_id', '=', input.external_id),
    );
    if (dup) {
      return {
        receipt_id: dup.id,
        installment: quoteInstallment(ctx, dup.external_id, dup.number),
        tendered_cents: dup.tendered_cents,
        change_cents: dup.change_cents,
        sale: saleResult(ctx, dup.sale_id),
        duplicate: true,
      };
    }
  }
  const { sale, inst } = findInstallment(ctx, input.reference_external_id, input.installment_number);
  if (inst.status !== 'aberta') {
    throw new AppError(
      'installment_not_open',
      `Installment ${inst.number} of ${sale.external_id} is ${inst.status}`,
      inst.status === 'paga' ? 'Esta parcela já foi paga.' : 'Esta parcela foi cancelada.',
      { status: inst.status },
    );
  }
  const at = occurred(ctx, input.occurred_at);
  const quote = quoteInstallment(ctx, sale.external_id, inst.number, at);
  if (input.amount < quote.total_cents) {
    throw new AppError(
      'installment_amount_short',
      `Installment needs ${quote.total_cents}, got ${input.amount}`,
      `O valor da parcela com encargos é ${formatBRL(quote.total_cents)}.`,
      { total_cents: quote.total_cents, fine_cents: quote.fine_cents, interest_cents: quote.interest_cents },
    );
  }
  if (input.amount > quote.total_cents && input.method !== 'dinheiro') {
    throw new AppError(
      'non_cash_overpayment',
      `Non-cash ${input.amount} exceeds ${quote.total_cents}`,
      'Pagamentos que não são em dinheiro não podem passar do valor devido.',
      { due_cents: quote.total_cents },
    );
  }
  const counter = options.counter ? requireCounterCash(ctx, sale.store_id, null) : null;
  const fee = feeOnPayment(ctx, input.method, 1, quote.total_cents, undefined);
  const id = newId();
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'installment_receipts', {
    id,
    external_id: input.external_id ?? null,
    installment_id: inst.id,
    sale_id: sale.id,
    method: input.method,
    amount_cents: inst.amount_cents,
    fine_cents: quote.fine_cents,
    interest_cents: quote.interest_cents,
    total_cents: quote.total_cents,
    tendered_cents: input.amount,
    change_cents: input.amount - quote.total_cents,
    fee_cents: fee.fee_cents,
    days_late: quote.days_late,
    register_id: counter?.register.id ?? null,
    cash_session_id: counter?.cashSessionId ?? null,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: now,
  });
  updateRow(ctx, 'crediario_installments', inst.id, { status: 'paga', paid_at: at, updated_at: now });
  refreshSaleState(ctx, sale.id, `parcela ${inst.number}/${inst.count} recebida`, at);
  return {
    receipt_id: id,
    installment: { ...quote, status: 'paga' },
    tendered_cents: input.amount,
    change_cents: input.amount - quote.total_cents,
    sale: saleResult(ctx, sale.id),
    duplicate: false,
  };
}

/** Parcelas received into a cash session: cash in and change out, and totals per method. */
export function sessionInstallmentReceipts(
  ctx: Context,
  sessionId: string,
): { cash_tendered: number; cash_change: number; by_method: { method: string; total: number; fee: number }[] } {
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('installment_receipts')
      .select((eb) => [
        'method',
        eb.fn.sum<number>('total_cents').as('total'),
        eb.fn.sum<number>('fee_cents').as('fee'),
        eb.fn.sum<number>('tendered_cents').as('tendered'),
        eb.fn.sum<number>('change_cents').as('change'),
      ])
      .where('cash_session_id', '=', sessionId)
      .groupBy('method'),
  );
  const cash = rows.find((r) => r.method === 'dinheiro');
  return {
    cash_tendered: Number(cash?.tendered ?? 0),
    cash_change: Number(cash?.change ?? 0),
    by_method: rows.map((r) => ({ method: r.method, total: Number(r.total), fee: Number(r.fee) })),
  };
}
