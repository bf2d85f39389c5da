import type { Approval } from '../auth/approval';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import {
  checkCrediario,
  createInstallments,
  crediarioCustomer,
  crediarioTerms,
  planInstallments,
  todayAt,
} from './crediario';
import { feeOnPayment, recordSettlements, type FeeOnPayment } from './fees';

/** The issue-17 fields a tender may carry besides method, amount and installments. */
export interface PaymentExtras {
  first_due_date?: string | undefined;
  card_brand?: string | undefined;
  authorization_code?: string | undefined;
  /** An imported fee in centavos: wins over the rules. */
  fee_amount?: number | undefined;
  /** `recusado`: a declined card payment (imports) — stored, never counted as paid. */
  status?: 'aprovado' | 'recusado' | undefined;
}

export interface RecordingContext {
  saleId: string;
  /** The sale's store when the caller has it (saves reading it back from the sale). */
  storeId?: string | undefined;
  customerId: string | null;
  occurredAt: string;
  /** Counter paths check the customer's credit limit; imports record history as it was. */
  enforceCreditLimit?: boolean | undefined;
  approval?: Approval | undefined;
}

export interface PreparedPayment {
  columns: {
    fee_cents: number;
    fee_rule_id: string | null;
    acquirer: string | null;
    card_brand: string | null;
    authorization_code: string | null;
    declined: number;
  };
  after: (paymentId: string) => void;
}

const NO_FEE: FeeOnPayment = { fee_cents: 0, fee_rule_id: null, acquirer: null, settlement_days: null };

function saleStore(ctx: Context, saleId: string): string {
  const row = ctx.db.statement('SELECT store_id FROM sales WHERE id = ?').get(saleId) as
    { store_id: string } | undefined;
  if (!row) throw new Error(`sale ${saleId} not found`);
  return row.store_id;
}

/**
 * Everything issue 17 adds to recording one payment, checked before anything is written: the
 * fee copied onto the row (`feeOnPayment`), the acquirer's expected settlements, and for
 * `crediario` the customer (CPF), first due date, credit limit and the parcelas. `after` writes
 * the settlements and parcelas once the payment row exists.
 */
export function preparePayment(
  ctx: Context,
  rc: RecordingContext,
  p: { method: string; appliedCents: number; installments?: number | undefined } & PaymentExtras,
): PreparedPayment {
  const installments = p.installments ?? 1;
  const declined = p.status === 'recusado';
  const storeId = rc.storeId ?? saleStore(ctx, rc.saleId);
  // The store's day of the payment, read only when settlements or parcelas need it (a sale
  // without fee rules nor crediário skips the zone lookup and the date formatting).
  let dayOf: string | undefined;
  const day = () => (dayOf ??= todayAt(ctx, storeId, rc.occurredAt));
  const fee =
    declined || p.method === 'crediario'
      ? NO_FEE
      : feeOnPayment(ctx, p.method, installments, p.appliedCents, p.fee_amount);
  let after = (paymentId: string) => {
    if (!declined && fee.settlement_days !== null) {
      recordSettlements(
        ctx,
        { id: paymentId, sale_id: rc.saleId, method: p.method, installments, amount_cents: p.appliedCents },
        fee,
        day(),
      );
    }
  };
  if (p.method === 'crediario') {
    if (declined) {
      throw new AppError(
        'crediario_not_declinable',
        'Crediário cannot be declined',
        'Crediário não tem recusa de operadora.',
      );
    }
    const customer = crediarioCustomer(ctx, rc.customerId);
    if (!p.first_due_date) {
      throw new AppError(
        'first_due_date_required',
        'Crediário without first due date',
        'Informe o primeiro vencimento do crediário.',
      );
    }
    const plan = planInstallments(
      p.appliedCents,
      installments,
      p.first_due_date,
      crediarioTerms(ctx).interest_bp_month,
    );
    checkCrediario(
      ctx,
      customer.id,
      plan.total_cents,
      p.first_due_date,
      day(),
      rc.approval,
      rc.enforceCreditLimit ?? false,
    );
    after = (paymentId) =>
      createInstallments(ctx, { id: paymentId, sale_id: rc.saleId, customer_id: customer.id }, plan.installments);
  }
  return {
    columns: {
      fee_cents: fee.fee_cents,
      fee_rule_id: fee.fee_rule_id,
      acquirer: fee.acquirer,
      card_brand: p.card_brand ?? null,
      authorization_code: p.authorization_code ?? null,
      declined: declined ? 1 : 0,
    },
    after,
  };
}
