import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { applyRateBp } from '../money/money';
import { insertRow, updateRow } from '../sync/outbox';
import { addDays, splitEvenly } from './dates';
import type { FeeMethod, PaymentFeeRulesTable } from './payments.tables';
import { memoized } from '../db/lookup-memo';
import { refCached } from '../db/ref-cache';

export const FEE_METHODS: readonly FeeMethod[] = ['pix', 'cartao_credito', 'cartao_debito', 'boleto'];

export function isFeeMethod(method: string): method is FeeMethod {
  return (FEE_METHODS as readonly string[]).includes(method);
}

/** Settlement days a new rule gets when none is typed: débito D+1, crédito D+30 per installment. */
export const DEFAULT_SETTLEMENT_DAYS: Record<FeeMethod, number> = {
  cartao_debito: 1,
  cartao_credito: 30,
  pix: 0,
  boleto: 1,
};

export type FeeRule = PaymentFeeRulesTable;

/** The active rule for a method and number of installments, or undefined (no fee). */
export function findFeeRule(ctx: Context, method: string, installments: number): FeeRule | undefined {
  if (!isFeeMethod(method)) return undefined;
  // Runs for every payment: a cached prepared statement, not a query built each time, kept in
  // the connection's reference cache (app/db/ref-cache.ts) and, within one `cli apply` batch,
  // the lookup memo (app/db/lookup-memo.ts).
  const key = `fee_rule:${method}:${installments}`;
  return memoized(ctx.db, key, () =>
    refCached(
      ctx.db,
      ['payment_fee_rules'],
      key,
      () => ctx.db.statement(FEE_RULE_SQL).get(method, installments, installments) as FeeRule | undefined,
    ),
  );
}

const FEE_RULE_SQL = `SELECT * FROM payment_fee_rules
  WHERE method = ? AND active = 1 AND min_installments <= ? AND max_installments >= ?
  ORDER BY updated_at DESC LIMIT 1`;

/** rate × amount (half up, centavos) + fixed amount, never more than the amount itself. */
export function feeFor(rule: Pick<FeeRule, 'rate_bp' | 'fixed_cents'>, amountCents: number): number {
  return Math.min(amountCents, applyRateBp(amountCents, rule.rate_bp) + rule.fixed_cents);
}

export interface FeeOnPayment {
  fee_cents: number;
  fee_rule_id: string | null;
  acquirer: string | null;
  settlement_days: number | null;
}

/**
 * The fee copied onto a payment when it is recorded: an imported `fee_amount` wins (seed 000's
 * payment field), else the active rule for the method and installments, else none. Later rule
 * changes never touch a stored payment. `fee_amount_too_large` when the fee exceeds the amount.
 */
export function feeOnPayment(
  ctx: Context,
  method: string,
  installments: number,
  amountCents: number,
  importedFee: number | undefined,
): FeeOnPayment {
  const rule = findFeeRule(ctx, method, installments);
  if (importedFee !== undefined) {
    if (importedFee > amountCents) {
      throw new AppError(
        'fee_amount_too_large',
        `Fee ${importedFee} exceeds the payment ${amountCents}`,
        'A taxa não pode ser maior que o valor do pagamento.',
        { amount_cents: amountCents },
      );
    }
    return {
      fee_cents: importedFee,
      fee_rule_id: null,
      acquirer: rule?.acquirer ?? null,
      settlement_days: rule?.settlement_days ?? (isFeeMethod(method) ? DEFAULT_SETTLEMENT_DAYS[method] : null),
    };
  }
  if (!rule) return { fee_cents: 0, fee_rule_id: null, acquirer: null, settlement_days: null };
  return {
    fee_cents: feeFor(rule, amountCents),
    fee_rule_id: rule.id,
    acquirer: rule.acquirer,
    settlement_days: rule.settlement_days,
  };
}

/**
 * The acquirer's expected payouts for a payment: one for débito/PIX/boleto at D+days, one per
 * installment for crédito at D+days×k (k = 1..n), gross and fee each split by largest remainder
 * so they sum exactly to the payment. `day` is the store-local date of the payment.
 */
export function settlementSchedule(
  method: string,
  installments: number,
  amountCents: number,
  feeCents: number,
  days: number,
  day: string,
): { installment_number: number; expected_on: string; gross_cents: number; fee_cents: number }[] {
  const n = method === 'cartao_credito' ? installments : 1;
  const gross = splitEvenly(amountCents, n);
  const fees = splitEvenly(feeCents, n);
  return gross.map((g, i) => ({
    installment_number: i + 1,
    expected_on: addDays(day, days * (method === 'cartao_credito' ? i + 1 : 1)),
    gross_cents: g,
    fee_cents: fees[i] ?? 0,
  }));
}

export function recordSettlements(
  ctx: Context,
  payment: { id: string; sale_id: string; method: string; installments: number; amount_cents: number },
  fee: FeeOnPayment,
  day: string,
): void {
  if (fee.settlement_days === null || payment.amount_cents <= 0) return;
  const now = ctx.clock.now().toISOString();
  for (const s of settlementSchedule(
    payment.method,
    payment.installments,
    payment.amount_cents,
    fee.fee_cents,
    fee.settlement_days,
    day,
  )) {
    insertRow(ctx, 'payment_settlements', {
      id: newId(),
      payment_id: payment.id,
      sale_id: payment.sale_id,
      method: payment.method,
      acquirer: fee.acquirer,
      ...s,
      net_cents: s.gross_cents - s.fee_cents,
      created_at: now,
    });
  }
}

export interface FeeRuleInput {
  id?: string | undefined;
  method: FeeMethod;
  min_installments: number;
  max_installments: number;
  rate_bp: number;
  fixed_cents: number;
  acquirer: string;
  settlement_days?: number | undefined;
  active: boolean;
}

/**
 * Creates or edits a fee rule. An active rule may not overlap another active rule of the same
 * method (`fee_rule_overlap`): the fee of a payment must never depend on which rule is found first.
 */
export function saveFeeRule(ctx: Context, input: FeeRuleInput): FeeRule {
  if (input.min_installments > input.max_installments) {
    throw new AppError(
      'invalid_installment_range',
      `Range ${input.min_installments}..${input.max_installments}`,
      'A parcela inicial deve ser menor ou igual à final.',
    );
  }
  if (input.active) {
    const clash = ctx.db.first(
      ctx.db.q
        .selectFrom('payment_fee_rules')
        .select(['id', 'min_installments', 'max_installments'])
        .where('method', '=', input.method)
        .where('active', '=', 1)
        .where('id', '!=', input.id ?? '')
        .where('min_installments', '<=', input.max_installments)
        .where('max_installments', '>=', input.min_installments),
    );
    if (clash) {
      throw new AppError(
        'fee_rule_overlap',
        `Rule overlaps ${clash.id}`,
        `Já existe uma taxa ativa para ${clash.min_installments}–${clash.max_installments}x nesta forma de pagamento.`,
        { rule_id: clash.id },
      );
    }
  }
  const now = ctx.clock.now().toISOString();
  const values = {
    method: input.method,
    min_installments: input.min_installments,
    max_installments: input.max_installments,
    rate_bp: input.rate_bp,
    fixed_cents: input.fixed_cents,
    acquirer: input.acquirer,
    settlement_days: input.settlement_days ?? DEFAULT_SETTLEMENT_DAYS[input.method],
    active: input.active ? 1 : 0,
    updated_at: now,
  };
  if (input.id) {
    const found = ctx.db.first(ctx.db.q.selectFrom('payment_fee_rules').select('id').where('id', '=', input.id));
    if (!found) {
      throw new AppError('fee_rule_not_found', `Fee rule ${input.id} not found`, 'Taxa não encontrada.');
    }
    updateRow(ctx, 'payment_fee_rules', input.id, values);
    const saved = ctx.db.first(ctx.db.q.selectFrom('payment_fee_rules').selectAll().where('id', '=', input.id));
    if (!saved) throw new Error(`fee rule ${input.id} vanished`);
    return saved;
  }
  const row = { id: newId(), ...values, created_at: now };
  insertRow(ctx, 'payment_fee_rules', row);
  return row;
}

export function listFeeRules(ctx: Context): FeeRule[] {
  return ctx.db.all(ctx.db.q.selectFrom('payment_fee_rules').selectAll().orderBy('method').orderBy('min_installments'));
}
