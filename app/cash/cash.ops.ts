import { z } from 'zod';
import { approvalSchema } from '../auth/approval';
import { op } from '../contract/define';
import { BOUNDS, centsSchema, line, optionalText, positiveCentsSchema, text } from '../contract/schemas';
import {
  closeCash,
  DENOMINATIONS,
  getClosing,
  isDenomination,
  listClosings,
  verifyChain,
  type Denomination,
} from './cash-close.service';
import { addMovement, cashSummary, openCash } from './cash.service';

const registerId = line(BOUNDS.idChars).min(1, { message: 'Informe o caixa.' }).optional();
const nonNegativeCents = centsSchema.nonnegative({ message: 'O valor não pode ser negativo.' });
const registerOnly = z.object({ register_id: registerId });

/** { "5000": 2, "25": 4 }: how many of each note or coin, keyed by its value in centavos. */
const denominationsSchema = z
  .record(
    z.string().max(10, { message: 'Cédula ou moeda desconhecida.' }),
    z
      .number()
      .int({ message: 'Quantidade deve ser inteira.' })
      .nonnegative({ message: 'Quantidade não pode ser negativa.' })
      .max(1_000_000, { message: 'Quantidade grande demais: o máximo é 1.000.000.' }),
  )
  .superRefine((counts, ctx) => {
    for (const key of Object.keys(counts)) {
      if (!isDenomination(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'Cédula ou moeda desconhecida.' });
    }
  })
  .transform((counts) => {
    const out: Partial<Record<Denomination, number>> = {};
    for (const d of DENOMINATIONS) {
      const n = counts[d];
      if (n !== undefined) out[d] = n;
    }
    return out;
  });

const closeInput = z
  .object({
    register_id: registerId,
    counted_cash_cents: nonNegativeCents.optional(),
    denominations: denominationsSchema.optional(),
    counted_other: z
      .object({
        pix: nonNegativeCents.optional(),
        cartao_credito: nonNegativeCents.optional(),
        cartao_debito: nonNegativeCents.optional(),
        boleto: nonNegativeCents.optional(),
        credito_loja: nonNegativeCents.optional(),
      })
      .strict()
      .default({}),
    notes: optionalText,
    approval: approvalSchema.optional(),
  })
  .refine((v) => v.counted_cash_cents !== undefined || v.denominations !== undefined, {
    message: 'Informe o dinheiro contado ou as cédulas e moedas.',
    path: ['counted_cash_cents'],
  });

export const cashOps = {
  'cash.open': op({
    input: z.object({ register_id: registerId, opening_float_cents: nonNegativeCents }),
    permission: 'cash.operate',
    handler: (ctx, input) => openCash(ctx, input),
  }),
  'cash.movement': op({
    input: z.object({
      register_id: registerId,
      kind: z.enum(['suprimento', 'sangria'], { message: 'Escolha suprimento ou sangria.' }),
      amount_cents: positiveCentsSchema,
      reason: text(BOUNDS.textChars).min(3, { message: 'Informe o motivo (ao menos 3 letras).' }),
      /** A supervisor's login + PIN for a sangria above `cash.sangria_approval_above_cents`. */
      approval: approvalSchema.optional(),
    }),
    permission: 'cash.operate',
    handler: (ctx, input) => addMovement(ctx, input),
  }),
  'cash.summary': op({
    input: registerOnly,
    permission: 'cash.operate',
    readonly: true,
    handler: (ctx, input) => cashSummary(ctx, input.register_id),
  }),
  'cash.close': op({
    input: closeInput,
    permission: 'cash.operate',
    handler: (ctx, input) => closeCash(ctx, input),
  }),
  'cash.closings': op({
    input: registerOnly,
    permission: 'cash.operate',
    readonly: true,
    handler: (ctx, input) => listClosings(ctx, input.register_id),
  }),
  'cash.verify-chain': op({
    input: registerOnly,
    permission: 'cash.operate',
    readonly: true,
    handler: (ctx, input) => verifyChain(ctx, input.register_id),
  }),
  'cash.report': op({
    input: z.object({ closing_id: line(BOUNDS.idChars).min(1, { message: 'Informe o fechamento.' }) }),
    permission: 'cash.operate',
    readonly: true,
    handler: (ctx, input) => getClosing(ctx, input.closing_id),
  }),
};
