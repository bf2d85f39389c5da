import { isoNow, type Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { PaymentMethod } from '../db/schema';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { findOpenCashSession } from '../cash/cash.queries';
import { storeCreditBalance } from './sale.queries';
import { preparePayment, type PaymentExtras } from '../payments/payment-record';
import type { Approval } from '../auth/approval';

export interface TenderInput extends PaymentExtras {
  method: PaymentMethod;
  amount: number;
  installments?: number | undefined;
}

export interface PlannedPayment extends TenderInput {
  appliedCents: number;
  changeCents: number;
}

/**
 * Applies tenders to what is due: non-cash may never exceed it; cash may, and the excess is
 * change, taken from the last cash tenders first. Every tender is kept as given, even a cash
 * tender that ends up entirely change (R$ 50,00 + R$ 2,00 in cash on R$ 47,00: both are
 * stored, 47 + 0 applied, 3 + 2 change), so the stored sale, the receipt and the drawer see
 * R$ 52,00 received and R$ 5,00 change. `change` = Σ tendered − `paid` (centavos).
 */
export function planPayments(
  due: number,
  tenders: readonly TenderInput[],
): { planned: PlannedPayment[]; paid: number; change: number } {
  const nonCash = tenders.filter((t) => t.method !== 'dinheiro').reduce((a, t) => a + t.amount, 0);
  if (nonCash > due) {
    throw new AppError(
      'non_cash_overpayment',
      `Non-cash payments ${nonCash} exceed the amount due ${due}`,
      'Pagamentos que não são em dinheiro não podem passar do valor devido.',
      { due_cents: due, non_cash_cents: nonCash },
    );
  }
  const total = tenders.reduce((a, t) => a + t.amount, 0);
  let change = Math.max(0, total - due);
  // Pushed, not mapped: a PACKED array in every V8 tier (see computeSale in sale.calc.ts).
  const planned: PlannedPayment[] = [];
  for (const t of tenders) planned.push({ ...t, appliedCents: t.amount, changeCents: 0 });
  for (let i = planned.length - 1; i >= 0 && change > 0; i--) {
    const p = planned[i];
    if (!p || p.method !== 'dinheiro') continue;
    const taken = Math.min(change, p.amount);
    p.changeCents = taken;
    p.appliedCents = p.amount - taken;
    change -= taken;
  }
  const paid = planned.reduce((a, p) => a + p.appliedCents, 0);
  return { planned, paid, change: total - paid };
}

export interface PaymentContext {
  saleId: string;
  /** The sale's store, when the caller has it at hand. */
  storeId?: string | undefined;
  customerId: string | null;
  registerId: string | null;
  /**
   * The register's open cash session when the caller has already found it (the counter's
   * `requireCounterCash`); absent, it is looked up here.
   */
  cashSessionId?: string | undefined;
  occurredAt: string;
  /** Crediário (issue 17): the counter checks the credit limit; `approval` goes beyond it. */
  enforceCreditLimit?: boolean | undefined;
  approval?: Approval | undefined;
}

/** The open cash session of the register, required when cash changes hands there. */
export function cashSessionFor(ctx: Context, registerId: string | null, cashInvolved: boolean): string | null {
  if (!registerId) return null;
  const session = findOpenCashSession(ctx.db, registerId);
  if (!session && cashInvolved) {
    throw new AppError(
      'cash_not_open',
      `Register ${registerId} has no open cash session`,
      'Abra o caixa antes de receber ou devolver dinheiro.',
    );
  }
  return session?.id ?? null;
}

export function insertPayments(
  ctx: Context,
  pc: PaymentContext,
  planned: readonly PlannedPayment[],
  externalId: string | null = null,
): void {
  if (planned.some((p) => p.method === 'credito_loja')) {
    const wanted = planned.filter((p) => p.method === 'credito_loja').reduce((a, p) => a + p.appliedCents, 0);
    const balance = pc.customerId ? storeCreditBalance(ctx.db, pc.customerId) : 0;
    if (!pc.customerId || balance < wanted) {
      throw new AppError(
        'insufficient_store_credit',
        `Store credit ${balance} < ${wanted}`,
        'Crédito de loja insuficiente para este cliente.',
        {
          balance_cents: balance,
        },
      );
    }
  }
  const sessionId =
    pc.cashSessionId ??
    cashSessionFor(
      ctx,
      pc.registerId,
      planned.some((p) => p.method === 'dinheiro'),
    );
  const now = isoNow(ctx.clock);
  const prepared: ReturnType<typeof preparePayment>[] = [];
  for (const p of planned) prepared.push(preparePayment(ctx, pc, p));
  for (const [i, p] of planned.entries()) {
    const id = newId();
    const extra = prepared[i];
    if (!extra) continue;
    const { columns } = extra;
    // The issue-17 columns first, written out (a spread of them took V8's slow path per payment).
    insertRow(ctx, 'payments', {
      fee_cents: columns.fee_cents,
      fee_rule_id: columns.fee_rule_id,
      acquirer: columns.acquirer,
      card_brand: columns.card_brand,
      authorization_code: columns.authorization_code,
      declined: columns.declined,
      id,
      external_id: externalId,
      sale_id: pc.saleId,
      method: p.method,
      amount_cents: p.appliedCents,
      tendered_cents: p.amount,
      change_cents: p.changeCents,
      installments: p.installments ?? 1,
      register_id: pc.registerId,
      cash_session_id: sessionId,
      occurred_at: pc.occurredAt,
      created_by: ctx.session.userId,
      created_at: now,
    });
    extra.after(id);
  }
}
