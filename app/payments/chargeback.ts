import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { formatBRL } from '../money/money';
import { insertRow, updateRow } from '../sync/outbox';
import { refreshSaleState } from '../sales/sale-state';
import { saleState } from '../sales/sale.queries';
import { resolveSale } from '../sales/sale.refs';
import { saleResult, type SaleResult } from '../sales/sale.result';
import { occurred } from '../sales/sale.time';
import type { RegisterChargebackInput, ResolveChargebackInput } from './payments.schemas';

const CARD = ['cartao_credito', 'cartao_debito'] as const;
const DISPUTABLE = ['aprovada', 'completa', 'parcialmente_reembolsada'];

function cardPayment(ctx: Context, saleId: string, paymentExternalId: string | undefined) {
  let q = ctx.db.q
    .selectFrom('payments')
    .select(['id', 'amount_cents', 'method'])
    .where('sale_id', '=', saleId)
    .where('declined', '=', 0)
    .where('method', 'in', CARD);
  if (paymentExternalId) q = q.where('external_id', '=', paymentExternalId);
  const rows = ctx.db.all(q);
  if (rows.length === 0) {
    throw new AppError(
      'chargeback_not_card',
      `No card payment ${paymentExternalId ?? ''} on sale ${saleId}`,
      paymentExternalId
        ? 'Este pagamento não é de cartão desta venda.'
        : 'Esta venda não tem pagamento em cartão para contestar.',
    );
  }
  return { id: paymentExternalId ? (rows[0]?.id ?? null) : null, cents: rows.reduce((a, r) => a + r.amount_cents, 0) };
}

/**
 * A chargeback on a card payment (seed 003): the sale goes to `em_disputa` until resolved.
 * Refusals: `chargeback_not_allowed` (the sale is not paid, or cancelled/refunded/expired),
 * `chargeback_open` (one is already open), `chargeback_not_card`, `chargeback_amount_too_large`
 * (more than the card paid less earlier lost chargebacks). An existing `external_id` answers
 * the sale as it stands, marked duplicate.
 */
export function registerChargeback(ctx: Context, input: RegisterChargebackInput): SaleResult {
  const dup = ctx.db.first(
    ctx.db.q.selectFrom('chargebacks').select('sale_id').where('external_id', '=', input.external_id),
  );
  if (dup) return { ...saleResult(ctx, dup.sale_id), duplicate: true };
  const sale = resolveSale(ctx, input.reference_external_id);
  const status = saleState(ctx.db, sale.id)?.status;
  if (status === 'em_disputa') {
    throw new AppError(
      'chargeback_open',
      `Sale ${sale.external_id} already disputed`,
      'Esta venda já tem uma contestação em aberto.',
    );
  }
  if (!status || !DISPUTABLE.includes(status)) {
    throw new AppError(
      'chargeback_not_allowed',
      `Sale ${sale.external_id} is ${status ?? 'unknown'}`,
      'Só uma venda paga (aprovada, completa ou parcialmente reembolsada) pode ser contestada.',
      { status },
    );
  }
  const card = cardPayment(ctx, sale.id, input.payment_external_id);
  const lost = ctx.db.first(
    ctx.db.q
      .selectFrom('chargebacks')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('lost'))
      .where('sale_id', '=', sale.id)
      .where('outcome', '=', 'perdida'),
  );
  const room = card.cents - Number(lost?.lost ?? 0);
  if (input.amount > room) {
    throw new AppError(
      'chargeback_amount_too_large',
      `Chargeback ${input.amount} > card ${room}`,
      `A contestação não pode passar do que foi pago em cartão (${formatBRL(room)}).`,
      { max_cents: room },
    );
  }
  const at = occurred(ctx, input.occurred_at);
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'chargebacks', {
    id: newId(),
    external_id: input.external_id,
    sale_id: sale.id,
    payment_id: card.id,
    amount_cents: input.amount,
    reason: input.reason,
    previous_status: status,
    outcome: null,
    return_id: null,
    resolved_at: null,
    occurred_at: at,
    created_by: ctx.session.userId,
    created_at: now,
    updated_at: now,
  });
  refreshSaleState(ctx, sale.id, `chargeback: ${input.reason}`, at);
  return saleResult(ctx, sale.id);
}

/**
 * Resolves the sale's open chargeback: `ganha` returns the sale to its previous status (its
 * facts are unchanged); `perdida` records the amount as a refund dated on the resolution (a
 * `returns` row with no items, method `original`, no cash and no store credit: stock untouched),
 * so the sale becomes `parcialmente_reembolsada` or `reembolsada` and analytics count it as a
 * refund on that day. `no_open_chargeback` when there is none.
 */
export function resolveChargeback(ctx: Context, input: ResolveChargebackInput): SaleResult {
  const sale = resolveSale(ctx, input.reference_external_id);
  const open = ctx.db.first(
    ctx.db.q.selectFrom('chargebacks').selectAll().where('sale_id', '=', sale.id).where('outcome', 'is', null),
  );
  if (!open) {
    throw new AppError(
      'no_open_chargeback',
      `Sale ${sale.external_id} has no open chargeback`,
      'Esta venda não tem contestação em aberto.',
    );
  }
  const at = occurred(ctx, input.occurred_at);
  const now = ctx.clock.now().toISOString();
  let returnId: string | null = null;
  if (input.outcome === 'perdida') {
    returnId = newId();
    insertRow(ctx, 'returns', {
      id: returnId,
      external_id: null,
      sale_id: sale.id,
      reason: `chargeback perdido: ${open.reason}`.slice(0, 1000),
      condition: 'revenda',
      refund_method: 'original',
      refund_cents: open.amount_cents,
      cash_refund_cents: 0,
      store_credit_cents: 0,
      cash_session_id: null,
      occurred_at: at,
      created_by: ctx.session.userId,
      created_at: now,
    });
  }
  updateRow(ctx, 'chargebacks', open.id, {
    outcome: input.outcome,
    resolved_at: at,
    return_id: returnId,
    updated_at: now,
  });
  refreshSaleState(ctx, sale.id, input.outcome === 'ganha' ? 'chargeback ganho' : 'chargeback perdido', at);
  return saleResult(ctx, sale.id);
}
