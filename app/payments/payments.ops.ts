import { z } from 'zod';
import type { Context } from '../contract/context';
import { op } from '../contract/define';
import { AppError } from '../contract/errors';
import { putSetting } from '../settings/settings.queries';
import { carnePdf } from './carne.pdf';
import {
  CREDIARIO_SETTINGS,
  checkCrediario,
  creditLimit,
  crediarioCustomer,
  crediarioTerms,
  openCrediarioBalance,
  planInstallments,
  setCreditLimit,
  todayAt,
} from './crediario';
import { CHARGE_EXPIRY_DAYS_KEY, chargeExpiryDays, expireCharges } from './expiry';
import { listFeeRules, saveFeeRule } from './fees';
import { quoteInstallment, receiveInstallment } from './installments.service';
import {
  calendarSchema,
  carneSchema,
  creditLimitSchema,
  crediarioQuoteSchema,
  crediarioSettingsSchema,
  expireSchema,
  feeRuleSchema,
  installmentRefSchema,
  receivablesQuerySchema,
  receiveAtCounterSchema,
  statementSchema,
} from './payments.schemas';
import { customerStatement, listOpenInstallments, receivablesCalendar, receivablesCalendarCsv } from './receivables';

function crediarioSettings(ctx: Context) {
  return { ...crediarioTerms(ctx), charge_expiry_days: chargeExpiryDays(ctx) };
}

/**
 * What the PDV shows before a crediário is confirmed: the parcelas (due dates, amounts), the
 * interest and total, the customer's limit and open balance, and whether a manager must approve.
 */
function crediarioQuote(ctx: Context, input: z.output<typeof crediarioQuoteSchema>) {
  const customer = crediarioCustomer(ctx, input.customer_id ?? null);
  const terms = crediarioTerms(ctx);
  const plan = planInstallments(input.amount, input.installments, input.first_due_date, terms.interest_bp_month);
  const store = ctx.db.first(ctx.db.q.selectFrom('stores').select('id').orderBy('created_at').orderBy('id').limit(1));
  if (!store) throw new AppError('store_not_set_up', 'No store', 'A loja ainda não foi configurada.');
  checkCrediario(ctx, customer.id, 0, input.first_due_date, todayAt(ctx, store.id), undefined, false);
  const limit = creditLimit(ctx, customer.id);
  const open = openCrediarioBalance(ctx, customer.id);
  return {
    financed_cents: input.amount,
    interest_bp_month: terms.interest_bp_month,
    ...plan,
    limit_cents: limit,
    open_cents: open,
    needs_approval: open + plan.total_cents > limit,
  };
}

export const paymentOps = {
  'payments.fee_rules': op({
    input: z.object({}),
    permission: 'sales.export',
    readonly: true,
    handler: (ctx) => listFeeRules(ctx),
  }),
  'payments.fee_rule_save': op({
    input: feeRuleSchema,
    permission: 'store.manage',
    handler: (ctx, input) => saveFeeRule(ctx, input),
  }),
  'payments.crediario_settings': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: crediarioSettings,
  }),
  'payments.crediario_settings_save': op({
    input: crediarioSettingsSchema,
    permission: 'store.manage',
    handler: (ctx, input) => {
      const now = ctx.clock.now().toISOString();
      putSetting(ctx.db, CREDIARIO_SETTINGS.interestBpMonth, input.interest_bp_month, now);
      putSetting(ctx.db, CREDIARIO_SETTINGS.lateFineBp, input.late_fine_bp, now);
      putSetting(ctx.db, CREDIARIO_SETTINGS.lateInterestBpMonth, input.late_interest_bp_month, now);
      putSetting(ctx.db, CREDIARIO_SETTINGS.creditLimitCents, input.credit_limit_cents, now);
      putSetting(ctx.db, CHARGE_EXPIRY_DAYS_KEY, input.charge_expiry_days, now);
      return crediarioSettings(ctx);
    },
  }),
  'payments.crediario_quote': op({
    input: crediarioQuoteSchema,
    permission: 'sales.register',
    readonly: true,
    handler: crediarioQuote,
  }),
  'payments.set_credit_limit': op({
    input: creditLimitSchema,
    permission: 'cash.approve',
    handler: (ctx, input) => {
      crediarioCustomer(ctx, input.customer_id);
      setCreditLimit(ctx, input.customer_id, input.limit_cents);
      return { customer_id: input.customer_id, limit_cents: input.limit_cents };
    },
  }),
  'payments.installment_quote': op({
    input: installmentRefSchema.omit({ occurred_at: true }),
    permission: 'sales.register',
    readonly: true,
    handler: (ctx, input) => quoteInstallment(ctx, input.reference_external_id, input.installment_number),
  }),
  'payments.receive_installment': op({
    input: receiveAtCounterSchema,
    permission: 'sales.register',
    handler: (ctx, input) => receiveInstallment(ctx, input, { counter: true }),
  }),
  'payments.receivables': op({
    input: receivablesQuerySchema,
    permission: 'sales.view',
    readonly: true,
    handler: (ctx, input) => listOpenInstallments(ctx, input),
  }),
  'payments.statement': op({
    input: statementSchema,
    permission: 'customers.manage',
    readonly: true,
    handler: (ctx, input) => customerStatement(ctx, input.customer_id),
  }),
  'payments.calendar': op({
    input: calendarSchema,
    permission: 'sales.export',
    readonly: true,
    handler: (ctx, input) => receivablesCalendar(ctx, input.from, input.to),
  }),
  'payments.calendar_csv': op({
    input: calendarSchema,
    permission: 'sales.export',
    readonly: true,
    handler: (ctx, input) => ({
      filename: `recebiveis-${input.from}-a-${input.to}.csv`,
      csv: receivablesCalendarCsv(ctx, input.from, input.to),
    }),
  }),
  'payments.carne': op({
    input: carneSchema,
    permission: 'sales.view',
    readonly: true,
    handler: (ctx, input) => ({
      filename: `carne-${input.sale_external_id}.pdf`,
      pdf_base64: carnePdf(ctx, input.sale_external_id).toString('base64'),
    }),
  }),
  'payments.expire_charges': op({
    input: expireSchema,
    permission: 'sales.cancel',
    handler: (ctx, input) => expireCharges(ctx, input.as_of, input.scope),
  }),
};
