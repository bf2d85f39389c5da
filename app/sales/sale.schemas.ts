import { approvalSchema } from '../auth/approval';
import { z } from 'zod';
import { centsSchema as cents, centavos } from '../contract/schemas';
import { isIsoDate } from '../payments/dates';
import {
  BOUNDS,
  boundedInt,
  identifier,
  isPlainLine,
  line,
  percentage,
  positiveQuantity,
  text,
} from '../contract/schemas';

/** Field names follow the unified action interface; money in centavos, times ISO-8601 with offset. */
export const PAYMENT_METHODS = [
  'dinheiro',
  'pix',
  'cartao_credito',
  'cartao_debito',
  'boleto',
  'credito_loja',
  'crediario',
] as const;

export const isoDateTime = z.iso
  .datetime({
    offset: true,
    message: 'Data/hora inválida (use ISO-8601 com fuso, ex.: 2026-11-23T10:00:00-03:00).',
  })
  .max(40, { message: 'Data/hora inválida (use ISO-8601 com fuso, ex.: 2026-11-23T10:00:00-03:00).' });

const externalId = identifier();

/** A calendar date YYYY-MM-DD (a due date), checked to exist. */
export const isoDate = z
  .string()
  .max(10, { message: 'Data inválida (use AAAA-MM-DD).' })
  .refine(isIsoDate, { message: 'Data inválida (use AAAA-MM-DD).' });

export const qtySchema = positiveQuantity;

const installmentsOnCredit = (p: { method: string; installments?: number | undefined }) =>
  p.method === 'cartao_credito' || p.method === 'crediario' || (p.installments ?? 1) === 1;

/** Issue 17: crediário's first due date, card data and an imported fee (seed 000). */
const paymentExtraFields = {
  first_due_date: isoDate.optional(),
  card_brand: line(30).optional(),
  authorization_code: line(60).optional(),
  fee_amount: centavos.optional(),
};

const dueDateOnCrediario = (p: { method: string; first_due_date?: string | undefined }) =>
  (p.method === 'crediario') === (p.first_due_date !== undefined);

export const paymentSchema = z
  .object({
    method: z.enum(PAYMENT_METHODS, { message: 'Forma de pagamento inválida.' }),
    amount: cents.positive({ message: 'O valor do pagamento deve ser maior que zero.' }),
    installments: z.number().int().min(1).max(12, { message: 'Parcelas: de 1 a 12.' }).optional(),
    ...paymentExtraFields,
  })
  .refine(installmentsOnCredit, {
    message: 'Parcelamento só no cartão de crédito ou no crediário.',
    path: ['installments'],
  })
  .refine(dueDateOnCrediario, {
    message: 'O crediário precisa do primeiro vencimento (e só ele o tem).',
    path: ['first_due_date'],
  });

const discountFields = {
  discount_amount: cents.nonnegative({ message: 'O desconto não pode ser negativo.' }).optional(),
  /** 0..100 with at most two decimals (12.345 is refused, never rounded). */
  discount_percentage: percentage.optional(),
};

const oneDiscount = (d: { discount_amount?: number | undefined; discount_percentage?: number | undefined }) =>
  d.discount_amount === undefined || d.discount_percentage === undefined;

export const registerSaleSchema = z
  .object({
    external_id: externalId,
    customer_external_id: externalId.optional(),
    /** The counter names a customer by id: one created at the counter has no external id. */
    customer_id: identifier().optional(),
    salesperson_external_id: externalId.optional(),
    location_external_id: externalId.optional(),
    register: identifier().optional(),
    channel: line(30).toUpperCase().default('PDV'),
    occurred_at: isoDateTime.optional(),
    items: z
      .array(
        z.object({
          variant_external_id: externalId,
          qty: qtySchema,
          unit_price: cents.positive({ message: 'O preço deve ser maior que zero.' }).optional(),
          discount_amount: cents.nonnegative({ message: 'O desconto não pode ser negativo.' }).optional(),
        }),
      )
      .min(1, { message: 'A venda precisa de ao menos um item.' })
      .max(500, { message: 'No máximo 500 itens por venda.' }),
    ...discountFields,
    payments: z.array(paymentSchema).max(20, { message: 'No máximo 20 pagamentos por venda.' }).default([]),
    notes: text(BOUNDS.textChars).optional(),
    /** A manager's login and PIN when the discount is above the cashier's limit. */
    approval: approvalSchema.optional(),
  })
  .refine(oneDiscount, {
    message: 'Informe desconto em valor ou em percentual, não os dois.',
    path: ['discount_amount'],
  });

export const registerPaymentSchema = z
  .object({
    external_id: externalId.optional(),
    reference_external_id: externalId,
    method: z.enum(PAYMENT_METHODS, { message: 'Forma de pagamento inválida.' }),
    amount: cents.positive({ message: 'O valor do pagamento deve ser maior que zero.' }),
    installments: z.number().int().min(1).max(12, { message: 'Parcelas: de 1 a 12.' }).optional(),
    ...paymentExtraFields,
    /** `recusado`: a card payment the acquirer declined (the sale becomes `recusada` when nothing else paid). */
    status: z.enum(['aprovado', 'recusado'], { message: 'Situação: aprovado ou recusado.' }).optional(),
    occurred_at: isoDateTime.optional(),
  })
  .refine(installmentsOnCredit, {
    message: 'Parcelamento só no cartão de crédito ou no crediário.',
    path: ['installments'],
  })
  .refine(dueDateOnCrediario, {
    message: 'O crediário precisa do primeiro vencimento (e só ele o tem).',
    path: ['first_due_date'],
  });

export const registerCancellationSchema = z.object({
  external_id: externalId.optional(),
  reference_external_id: externalId,
  reason: text(BOUNDS.textChars).min(3, { message: 'Informe o motivo do cancelamento.' }),
  occurred_at: isoDateTime.optional(),
});

export const registerReturnSchema = z.object({
  external_id: externalId.optional(),
  reference_external_id: externalId,
  items: z
    .array(z.object({ variant_external_id: externalId, qty: qtySchema }))
    .min(1, { message: 'Escolha ao menos um item para devolver.' })
    .max(500, { message: 'No máximo 500 itens por devolução.' }),
  reason: text(BOUNDS.textChars).min(3, { message: 'Informe o motivo da devolução.' }),
  condition: z.enum(['revenda', 'avariado'], { message: 'Condição: revenda ou avariado.' }),
  refund_method: z.enum(['dinheiro', 'original', 'credito_loja'], {
    message: 'Reembolso: dinheiro, original ou credito_loja.',
  }),
  occurred_at: isoDateTime.optional(),
});

export const registerFiscalDataSchema = z.object({
  external_id: externalId.optional(),
  reference_external_id: externalId,
  doc_type: z.enum(['NFE', 'NFCE', 'nfe', 'nfce']).transform((d) => (d.toUpperCase() === 'NFE' ? 'NFE' : 'NFCE')),
  fiscal_number: z.coerce.string().max(20).refine(isPlainLine).trim().min(1),
  serie: z.coerce.string().max(5).refine(isPlainLine).trim().min(1),
  cfop: z
    .string()
    .max(10, { message: 'CFOP tem 4 dígitos.' })
    .trim()
    .regex(/^\d{4}$/, { message: 'CFOP tem 4 dígitos.' }),
  nfe_key: z
    .string()
    .max(60, { message: 'Chave de acesso inválida (44 dígitos).' })
    .refine(isPlainLine, { message: 'Chave de acesso inválida (44 dígitos).' })
    .trim(),
  issue_date: isoDateTime,
  taxes: z.object({
    icms: cents.nonnegative(),
    pis: cents.nonnegative(),
    cofins: cents.nonnegative(),
    total: cents.nonnegative(),
  }),
});

export const applyDiscountSchema = z
  .object({
    external_id: externalId.optional(),
    reference_external_id: externalId,
    ...discountFields,
    /** A manager's login and PIN when the discount takes the sale beyond the cashier's limit. */
    approval: approvalSchema.optional(),
  })
  .refine(oneDiscount, {
    message: 'Informe desconto em valor ou em percentual, não os dois.',
    path: ['discount_amount'],
  })
  .refine((d) => d.discount_amount !== undefined || d.discount_percentage !== undefined, {
    message: 'Informe o desconto.',
    path: ['discount_amount'],
  });

export const loyaltySchema = z.object({
  external_id: externalId.optional(),
  customer_external_id: externalId,
  operation: z.enum(['earn', 'redeem']),
  points: boundedInt(1, BOUNDS.maxCount, 'Os pontos').optional(),
  reference_external_id: externalId.optional(),
  occurred_at: isoDateTime.optional(),
});

export type RegisterSaleInput = z.output<typeof registerSaleSchema>;
export type RegisterPaymentInput = z.output<typeof registerPaymentSchema>;
export type RegisterCancellationInput = z.output<typeof registerCancellationSchema>;
export type RegisterReturnInput = z.output<typeof registerReturnSchema>;
export type RegisterFiscalDataInput = z.output<typeof registerFiscalDataSchema>;
export type ApplyDiscountInput = z.output<typeof applyDiscountSchema>;
export type LoyaltyInput = z.output<typeof loyaltySchema>;
