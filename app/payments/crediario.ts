import type { Approval } from '../auth/approval';
import { requireApproval } from '../auth/approval';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { applyRateBp, divRoundHalfUp, formatBRL } from '../money/money';
import { getSetting } from '../settings/settings.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { addMonths, daysBetween, formatDateBR, isIsoDate, localDate, splitEvenly } from './dates';
import { memoized } from '../db/lookup-memo';

/** Settings (JSON values) of the crediário, with Brazilian defaults. Rates in basis points. */
export const CREDIARIO_SETTINGS = {
  interestBpMonth: 'crediario.interest_bp_month',
  lateFineBp: 'crediario.late_fine_bp',
  lateInterestBpMonth: 'crediario.late_interest_bp_month',
  creditLimitCents: 'crediario.credit_limit_cents',
} as const;

export interface CrediarioTerms {
  interest_bp_month: number;
  late_fine_bp: number;
  late_interest_bp_month: number;
  credit_limit_cents: number;
}

/** The store's crediário terms: interest 0 %/month, fine 2 %, late interest 1 %/month, limit R$ 1.000,00. */
export function crediarioTerms(ctx: Context): CrediarioTerms {
  const get = (key: string, fallback: number) => getSetting<number>(ctx.db, key) ?? fallback;
  return {
    interest_bp_month: get(CREDIARIO_SETTINGS.interestBpMonth, 0),
    late_fine_bp: get(CREDIARIO_SETTINGS.lateFineBp, 200),
    late_interest_bp_month: get(CREDIARIO_SETTINGS.lateInterestBpMonth, 100),
    credit_limit_cents: get(CREDIARIO_SETTINGS.creditLimitCents, 100_000),
  };
}

export interface PlannedInstallment {
  number: number;
  due_date: string;
  principal_cents: number;
  amount_cents: number;
}

/**
 * The plan of a crediário: simple interest of `interestBpMonth` per month over the n months
 * (interest = financed × bp × n / 10.000, half up), total = financed + interest, split into n
 * parcelas by largest remainder (the extra centavos go to the first ones), so the parcelas sum
 * exactly to the total and their principals exactly to the financed amount. Due dates are the
 * first due date plus k months (day clamped to the month's end).
 */
export function planInstallments(
  financedCents: number,
  count: number,
  firstDueDate: string,
  interestBpMonth: number,
): { interest_cents: number; total_cents: number; installments: PlannedInstallment[] } {
  const interest = divRoundHalfUp(financedCents * interestBpMonth * count, 10_000);
  const total = financedCents + interest;
  const amounts = splitEvenly(total, count);
  const principals = splitEvenly(financedCents, count);
  return {
    interest_cents: interest,
    total_cents: total,
    installments: amounts.map((amount, i) => ({
      number: i + 1,
      due_date: addMonths(firstDueDate, i),
      principal_cents: principals[i] ?? 0,
      amount_cents: amount,
    })),
  };
}

/**
 * Late charges on a parcela paid on `paidOn` (store-local date): fine = amount × fine_bp (half
 * up) once late, interest = amount × bp/month × days / 30 (pro rata per day, half up). R$ 100,00
 * paid 10 days late with 2 % + 1 %/month: 200 + 33 = R$ 102,33.
 */
export function lateCharges(
  amountCents: number,
  dueDate: string,
  paidOn: string,
  terms: Pick<CrediarioTerms, 'late_fine_bp' | 'late_interest_bp_month'>,
): { days_late: number; fine_cents: number; interest_cents: number; total_cents: number } {
  const days = Math.max(0, daysBetween(dueDate, paidOn));
  if (days === 0) return { days_late: 0, fine_cents: 0, interest_cents: 0, total_cents: amountCents };
  const fine = applyRateBp(amountCents, terms.late_fine_bp);
  const interest = divRoundHalfUp(amountCents * terms.late_interest_bp_month * days, 30 * 10_000);
  return { days_late: days, fine_cents: fine, interest_cents: interest, total_cents: amountCents + fine + interest };
}

/** What a customer owes on open parcelas (centavos, without late charges). */
export function openCrediarioBalance(ctx: Context, customerId: string): number {
  const row = ctx.db.first(
    ctx.db.q
      .selectFrom('crediario_installments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('open'))
      .where('customer_id', '=', customerId)
      .where('status', '=', 'aberta'),
  );
  return Number(row?.open ?? 0);
}

/** The customer's credit limit: their own (`crediario_limits`) or the store's setting. */
export function creditLimit(ctx: Context, customerId: string): number {
  const own = ctx.db.first(ctx.db.q.selectFrom('crediario_limits').select('limit_cents').where('id', '=', customerId));
  return own?.limit_cents ?? crediarioTerms(ctx).credit_limit_cents;
}

export function setCreditLimit(ctx: Context, customerId: string, limitCents: number): void {
  const now = ctx.clock.now().toISOString();
  const exists = ctx.db.first(ctx.db.q.selectFrom('crediario_limits').select('id').where('id', '=', customerId));
  if (exists) updateRow(ctx, 'crediario_limits', customerId, { limit_cents: limitCents, updated_at: now });
  else
    insertRow(ctx, 'crediario_limits', { id: customerId, limit_cents: limitCents, created_at: now, updated_at: now });
}

/** The customer a crediário is sold to: identified and with a CPF (`crediario_needs_cpf`). */
export function crediarioCustomer(ctx: Context, customerId: string | null) {
  const customer = customerId
    ? ctx.db.first(ctx.db.q.selectFrom('customers').select(['id', 'name', 'cpf']).where('id', '=', customerId))
    : undefined;
  if (!customer?.cpf) {
    throw new AppError(
      'crediario_needs_cpf',
      'Crediário without an identified customer with CPF',
      'Crediário só para cliente identificado com CPF.',
    );
  }
  return customer;
}

/**
 * Checks the first due date (`invalid_first_due_date`: a real date, from today up to a year
 * ahead) and the credit limit: open parcelas + this total beyond the customer's limit needs
 * `cash.approve` (owner, manager) or a supervisor's login + PIN (`approval_required`).
 * Returns who approved going over the limit, or null.
 */
export function checkCrediario(
  ctx: Context,
  customerId: string,
  totalCents: number,
  firstDueDate: string,
  today: string,
  approval: Approval | undefined,
  enforceLimit: boolean,
): string | null {
  if (!isIsoDate(firstDueDate) || daysBetween(today, firstDueDate) < 0 || daysBetween(today, firstDueDate) > 366) {
    throw new AppError(
      'invalid_first_due_date',
      `First due date ${firstDueDate} outside today..+1y`,
      'Primeiro vencimento inválido: use uma data a partir de hoje e até um ano.',
    );
  }
  if (!enforceLimit) return null;
  const open = openCrediarioBalance(ctx, customerId);
  const limit = creditLimit(ctx, customerId);
  if (open + totalCents <= limit) return null;
  try {
    return requireApproval(ctx, approval, 'cash.approve', 'crediário acima do limite');
  } catch (e) {
    if (e instanceof AppError && e.code === 'approval_required') {
      throw new AppError(
        'credit_limit_exceeded',
        `Credit ${open}+${totalCents} above limit ${limit}`,
        `Limite de crédito do cliente: ${formatBRL(limit)} (em aberto ${formatBRL(open)}). ` +
          'Acima dele, um gerente precisa aprovar.',
        { limit_cents: limit, open_cents: open, needs_approval: true },
      );
    }
    throw e;
  }
}

/** Writes the parcelas of a crediário payment (records; status `aberta`). */
export function createInstallments(
  ctx: Context,
  payment: { id: string; sale_id: string; customer_id: string },
  installments: readonly PlannedInstallment[],
): void {
  const now = ctx.clock.now().toISOString();
  for (const p of installments) {
    insertRow(ctx, 'crediario_installments', {
      id: newId(),
      sale_id: payment.sale_id,
      payment_id: payment.id,
      customer_id: payment.customer_id,
      number: p.number,
      count: installments.length,
      due_date: p.due_date,
      principal_cents: p.principal_cents,
      amount_cents: p.amount_cents,
      status: 'aberta',
      paid_at: null,
      cancelled_at: null,
      created_at: now,
      updated_at: now,
    });
  }
}

/** A cancellation or return cancels the sale's open parcelas first; returns how much was cancelled. */
export function cancelOpenInstallments(ctx: Context, saleId: string, at: string): number {
  const open = ctx.db.all(
    ctx.db.q
      .selectFrom('crediario_installments')
      .select(['id', 'amount_cents'])
      .where('sale_id', '=', saleId)
      .where('status', '=', 'aberta'),
  );
  for (const p of open)
    updateRow(ctx, 'crediario_installments', p.id, { status: 'cancelada', cancelled_at: at, updated_at: at });
  return open.reduce((a, p) => a + p.amount_cents, 0);
}

/**
 * A return on a crediário sale takes `refund` off the open parcelas first, from the last one:
 * a parcela it covers is cancelled, the next one is reduced. Returns how much of the refund the
 * open parcelas absorbed (centavos); the rest is paid back from what was paid.
 */
export function reduceOpenInstallments(ctx: Context, saleId: string, refund: number, at: string): number {
  const open = ctx.db.all(
    ctx.db.q
      .selectFrom('crediario_installments')
      .select(['id', 'amount_cents', 'principal_cents'])
      .where('sale_id', '=', saleId)
      .where('status', '=', 'aberta')
      .orderBy('number', 'desc'),
  );
  let left = refund;
  for (const p of open) {
    if (left <= 0) break;
    const take = Math.min(left, p.amount_cents);
    left -= take;
    if (take === p.amount_cents) {
      updateRow(ctx, 'crediario_installments', p.id, { status: 'cancelada', cancelled_at: at, updated_at: at });
    } else {
      updateRow(ctx, 'crediario_installments', p.id, {
        amount_cents: p.amount_cents - take,
        principal_cents: Math.max(0, p.principal_cents - take),
        updated_at: at,
      });
    }
  }
  return refund - left;
}

export function storeTimezone(ctx: Context, storeId: string): string {
  const row = memoized(
    ctx.db,
    `timezone:${storeId}`,
    () =>
      ctx.db.statement('SELECT timezone FROM stores WHERE id = ?').get(storeId) as
        { timezone: string | null } | undefined,
  );
  return row?.timezone || 'America/Sao_Paulo';
}

export function todayAt(ctx: Context, storeId: string, instantIso?: string): string {
  return localDate(instantIso ?? ctx.clock.now().toISOString(), storeTimezone(ctx, storeId));
}

export { formatDateBR };
