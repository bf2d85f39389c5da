import { z } from 'zod';
import { isoNow, type Context } from '../contract/context';
import { op, parseInput } from '../contract/define';
import { BOUNDS, jsonDepth, line, text } from '../contract/schemas';
import { AppError, invalidInput } from '../contract/errors';
import { upsertProductSchema } from '../catalog/catalog.schemas';
import { upsertProduct } from '../catalog/catalog.service';
import { updateCustomerDataSchema } from '../customers/customer.schemas';
import { upsertCustomer } from '../customers/customer.service';
import { upsertSalespersonSchema } from '../salespeople/salesperson.schemas';
import { upsertSalesperson } from '../salespeople/salesperson.service';
import { upsertLocation, upsertLocationSchema } from '../store/location.service';
import { schedulingActions } from '../scheduling/scheduling.actions';
import { leadActions } from '../leads/leads.actions';
import { registerSale } from './sale.service';
import { fastRegisterSaleInput } from './sale.fast-input';
import { withWholeUnits } from './sale.pricing';
import { cancelSale, returnItems } from './reversal.service';
import { applyDiscount, processLoyalty, registerFiscalData, registerPayment } from './sale-actions.service';
import type { SaleResult } from './sale.result';
import { receiveInstallment, type InstallmentReceipt } from '../payments/installments.service';
import { registerChargeback, resolveChargeback } from '../payments/chargeback';
import {
  receiveInstallmentSchema,
  registerChargebackSchema,
  resolveChargebackSchema,
} from '../payments/payments.schemas';
import {
  applyDiscountSchema,
  loyaltySchema,
  registerCancellationSchema,
  registerFiscalDataSchema,
  registerPaymentSchema,
  registerReturnSchema,
  registerSaleSchema,
} from './sale.schemas';

type Outcome =
  | { id: string; created?: boolean; duplicate?: boolean }
  | SaleResult
  | ReturnType<typeof processLoyalty>
  | InstallmentReceipt;

/**
 * An action: its schema, its service, and optionally an accept-only shortcut past zod that
 * returns exactly zod's output or undefined (then zod parses: every refusal is zod's).
 */
function action<S extends z.ZodType>(
  schema: S,
  run: (ctx: Context, input: z.output<S>) => Outcome,
  fastInput?: (raw: unknown) => z.output<S> | undefined,
) {
  return { schema, run, fastInput };
}

/** The unified action interface of the seed: one entry per action, the same services underneath. */
const ACTIONS = {
  register_sale: action(
    registerSaleSchema,
    (ctx, input) => registerSale(ctx, input, { counter: false }),
    fastRegisterSaleInput,
  ),
  register_payment: action(registerPaymentSchema, registerPayment),
  // Imports record refunds without a drawer: no open caixa is asked for, none is touched.
  register_cancellation: action(registerCancellationSchema, (ctx, input) => cancelSale(ctx, input, { counter: false })),
  register_return: action(registerReturnSchema, (ctx, input) =>
    returnItems(ctx, withWholeUnits(ctx, input), { counter: false }),
  ),
  register_fiscal_data: action(registerFiscalDataSchema, registerFiscalData),
  apply_discount: action(applyDiscountSchema, (ctx, input) => applyDiscount(ctx, input)),
  update_customer_data: action(updateCustomerDataSchema, upsertCustomer),
  process_loyalty_points: action(loyaltySchema, processLoyalty),
  upsert_product: action(upsertProductSchema, upsertProduct),
  upsert_salesperson: action(upsertSalespersonSchema, upsertSalesperson),
  upsert_location: action(upsertLocationSchema, upsertLocation),
  // The clinic agenda (issue 11).
  ...schedulingActions,
  // The leads CRM (issue 12).
  ...leadActions,
  // Payments completed (issue 17).
  receive_installment: action(receiveInstallmentSchema, (ctx, input) =>
    receiveInstallment(ctx, input, { counter: false }),
  ),
  register_chargeback: action(registerChargebackSchema, registerChargeback),
  resolve_chargeback: action(resolveChargebackSchema, resolveChargeback),
};

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as [ActionName, ...ActionName[]];

/** The schema `transaction_data` must satisfy for an action (the bounds test walks each). */
export function actionSchema(name: ActionName): z.ZodType {
  return ACTIONS[name].schema;
}

export const applyInputSchema = z.object({
  action: z.enum(ACTION_NAMES, { message: 'Ação desconhecida.' }),
  /** Checked field by field by the action's own schema; here only its keys and nesting are bounded. */
  transaction_data: z
    .record(z.string().max(BOUNDS.idChars), z.unknown())
    .refine((d) => jsonDepth(d, 9) <= 8, { message: 'Estrutura aninhada demais (máximo 8 níveis).' }),
  metadata: z
    .object({
      user_id: line(BOUNDS.idChars).optional(),
      timestamp: line(40).optional(),
      system_source: line(60).optional(),
      location: line(BOUNDS.idChars).optional(),
      notes: text(BOUNDS.textChars).optional(),
    })
    .partial()
    .optional(),
});

export interface ApplyResponse {
  transaction_id: string | null;
  external_id: string | null;
  action: ActionName;
  status: 'applied' | 'duplicate';
  result: Outcome;
  timestamp: string;
  commercial_metrics: { margin_cents: number; commission_cents: number; net_cents: number } | null;
}

export function applyAction(ctx: Context, input: z.output<typeof applyInputSchema>): ApplyResponse {
  const entry: { schema: z.ZodType; run: unknown; fastInput?: (raw: unknown) => unknown } = ACTIONS[input.action];
  const parsed = parseInput(entry.schema, entry.fastInput, input.transaction_data);
  if (!parsed.success) {
    const { message, issues } = invalidInput(parsed.error.issues, ['transaction_data']);
    throw new AppError('invalid_input', `Invalid ${input.action} data`, message, { issues });
  }
  const result = (entry.run as (ctx: Context, input: unknown) => Outcome)(ctx, parsed.data);
  const sale = 'sale_id' in result ? result : null;
  const data = input.transaction_data;
  const externalId =
    typeof data.external_id === 'string'
      ? data.external_id
      : typeof data.reference_external_id === 'string'
        ? data.reference_external_id
        : null;
  return {
    transaction_id: sale?.sale_id ?? ('id' in result ? result.id : null),
    external_id: externalId,
    action: input.action,
    status: 'duplicate' in result && result.duplicate ? 'duplicate' : 'applied',
    result,
    timestamp: isoNow(ctx.clock),
    commercial_metrics: sale
      ? { margin_cents: sale.margin_cents, commission_cents: sale.commission_cents, net_cents: sale.net_cents }
      : null,
  };
}

export const applyOps = {
  'sales.apply': op({ input: applyInputSchema, permission: 'sales.import', handler: applyAction }),
};
