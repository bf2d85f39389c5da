import { z } from 'zod';
import { op } from '../contract/define';
import { identifier } from '../contract/schemas';
import { AppError } from '../contract/errors';
import { registerSale } from './sale.service';
import { fastRegisterSaleInput } from './sale.fast-input';
import { withWholeUnits } from './sale.pricing';
import { cancelSale, returnItems } from './reversal.service';
import { applyDiscount, registerFiscalData, registerPayment } from './sale-actions.service';
import { saleDetail } from './sale.detail';
import { querySales, saleQuerySchema } from './sale.query';
import { exportSales, saleExportSchema } from './sale.export';
import {
  applyDiscountSchema,
  registerCancellationSchema,
  registerFiscalDataSchema,
  registerPaymentSchema,
  registerReturnSchema,
  registerSaleSchema,
} from './sale.schemas';

/** The counter's operations: the same services as the unified actions, stricter where a person waits. */
export const saleOps = {
  'sales.register': op({
    input: registerSaleSchema,
    fastInput: fastRegisterSaleInput,
    permission: 'sales.register',
    handler: (ctx, input) => registerSale(ctx, input, { counter: true }),
  }),
  'sales.pay': op({
    input: registerPaymentSchema,
    permission: 'sales.register',
    handler: (ctx, input) => registerPayment(ctx, input, { counter: true }),
  }),
  'sales.cancel': op({
    input: registerCancellationSchema,
    permission: 'sales.cancel',
    handler: (ctx, input) => cancelSale(ctx, input, { counter: true }),
  }),
  'sales.return': op({
    input: registerReturnSchema,
    permission: 'sales.return',
    handler: (ctx, input) => returnItems(ctx, withWholeUnits(ctx, input), { counter: true }),
  }),
  'sales.fiscal': op({
    input: registerFiscalDataSchema,
    permission: 'sales.register',
    handler: (ctx, input) => registerFiscalData(ctx, input),
  }),
  'sales.discount': op({
    input: applyDiscountSchema,
    permission: 'sales.register',
    handler: (ctx, input) => applyDiscount(ctx, input),
  }),
  'sales.get': op({
    input: z.object({ sale_id: identifier().optional(), external_id: identifier().optional() }),
    permission: 'sales.view',
    readonly: true,
    handler: (ctx, input) => {
      const detail = saleDetail(ctx, input);
      if (!detail) throw new AppError('unknown_sale', 'Sale not found', 'Venda não encontrada.');
      return detail;
    },
  }),
  'sales.query': op({
    input: saleQuerySchema,
    permission: 'sales.view',
    readonly: true,
    handler: (ctx, input) => querySales(ctx, input),
  }),
  /** Owner and manager only (ARCHITECTURE.md, role matrix): the sales leave the store. */
  'sales.export': op({
    input: saleExportSchema,
    permission: 'sales.export',
    readonly: true,
    handler: (ctx, input) => exportSales(ctx, input),
  }),
};
