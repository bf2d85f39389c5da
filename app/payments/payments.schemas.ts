import { z } from 'zod';
import { approvalSchema } from '../auth/approval';
import {
  BOUNDS,
  basisPoints,
  boundedInt,
  centavos,
  identifier,
  line,
  positiveCentsSchema,
  text,
} from '../contract/schemas';
import { isoDate, isoDateTime } from '../sales/sale.schemas';

/** Inputs of issue 17 (payments completed). Money in centavos, rates in basis points. */

export const RECEIPT_METHODS = ['dinheiro', 'pix', 'cartao_credito', 'cartao_debito'] as const;

export const receiveInstallmentSchema = z.object({
  external_id: identifier().optional(),
  reference_external_id: identifier(),
  installment_number: boundedInt(1, 12, 'A parcela'),
  method: z.enum(RECEIPT_METHODS, { message: 'Forma de recebimento: dinheiro, pix, cartao_credito ou cartao_debito.' }),
  amount: positiveCentsSchema,
  occurred_at: isoDateTime.optional(),
});

export const registerChargebackSchema = z.object({
  external_id: identifier(),
  reference_external_id: identifier(),
  payment_external_id: identifier().optional(),
  amount: positiveCentsSchema,
  reason: text(BOUNDS.textChars).min(3, { message: 'Informe o motivo da contestação.' }),
  occurred_at: isoDateTime.optional(),
});

export const resolveChargebackSchema = z.object({
  reference_external_id: identifier(),
  outcome: z.enum(['ganha', 'perdida'], { message: 'Resultado: ganha ou perdida.' }),
  occurred_at: isoDateTime.optional(),
});

export const feeRuleSchema = z.object({
  id: identifier().optional(),
  method: z.enum(['pix', 'cartao_credito', 'cartao_debito', 'boleto'], { message: 'Forma de pagamento inválida.' }),
  min_installments: boundedInt(1, 12, 'A parcela inicial'),
  max_installments: boundedInt(1, 12, 'A parcela final'),
  rate_bp: basisPoints,
  fixed_cents: centavos.default(0),
  acquirer: line(BOUNDS.nameChars).min(1, { message: 'Informe a adquirente.' }),
  settlement_days: boundedInt(0, 365, 'O prazo de recebimento').optional(),
  active: z.boolean().default(true),
});

export const crediarioQuoteSchema = z.object({
  customer_id: identifier().optional(),
  amount: positiveCentsSchema,
  installments: boundedInt(1, 12, 'As parcelas'),
  first_due_date: isoDate,
});

export const installmentRefSchema = z.object({
  reference_external_id: identifier(),
  installment_number: boundedInt(1, 12, 'A parcela'),
  occurred_at: isoDateTime.optional(),
});

export const receiveAtCounterSchema = receiveInstallmentSchema.omit({ occurred_at: true });

export const receivablesQuerySchema = z.object({
  customer: identifier().optional(),
  overdue: z.boolean().default(false),
  as_of: isoDate.optional(),
  limit: boundedInt(1, 10_000, 'O limite').default(1000),
});

export const calendarSchema = z.object({
  from: isoDate,
  to: isoDate,
});

export const statementSchema = z.object({ customer_id: identifier() });

export const creditLimitSchema = z.object({
  customer_id: identifier(),
  limit_cents: centavos,
});

export const expireSchema = z.object({
  as_of: isoDateTime.optional(),
  /** `this_desktop`: the background scheduler's run (see `ExpiryScope` in expiry.ts). */
  scope: z.enum(['all', 'this_desktop'], { message: 'Escopo: all ou this_desktop.' }).default('all'),
});

export const carneSchema = z.object({ sale_external_id: identifier() });

export const crediarioSettingsSchema = z.object({
  interest_bp_month: basisPoints,
  late_fine_bp: basisPoints,
  late_interest_bp_month: basisPoints,
  credit_limit_cents: centavos,
  charge_expiry_days: boundedInt(1, 365, 'O prazo de expiração'),
});

export { approvalSchema };

export type ReceiveInstallmentInput = z.output<typeof receiveInstallmentSchema>;
export type RegisterChargebackInput = z.output<typeof registerChargebackSchema>;
export type ResolveChargebackInput = z.output<typeof resolveChargebackSchema>;
export type FeeRuleSchemaInput = z.output<typeof feeRuleSchema>;
