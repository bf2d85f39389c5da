import { z } from 'zod';
import { op } from '../contract/define';
import {
  catalogGetSchema,
  catalogListSchema,
  catalogSearchSchema,
  lookupBarcodeSchema,
  upsertProductSchema,
} from './catalog.schemas';
import { importCatalogSchema } from './catalog-import.schemas';
import { importCatalog } from './catalog-import.service';
import { getVariant, listCatalog, lookupBarcode, removeBarcode, searchCatalog, upsertProduct } from './catalog.service';
import { setCommissionRuleSchema } from './commission.schemas';
import { listRules, setCommissionRule } from './commission.service';

export const catalogOps = {
  'catalog.upsertProduct': op({
    input: upsertProductSchema,
    permission: 'catalog.manage',
    handler: upsertProduct,
  }),
  'catalog.get': op({
    input: catalogGetSchema,
    permission: 'user',
    readonly: true,
    handler: (ctx, input) => getVariant(ctx, input.variant_id),
  }),
  'catalog.list': op({
    input: catalogListSchema,
    permission: 'user',
    readonly: true,
    handler: listCatalog,
  }),
  'catalog.search': op({
    input: catalogSearchSchema,
    permission: 'user',
    readonly: true,
    handler: searchCatalog,
  }),
  'catalog.lookupBarcode': op({
    input: lookupBarcodeSchema,
    permission: 'user',
    readonly: true,
    handler: (ctx, input) => lookupBarcode(ctx, input.code),
  }),
  'catalog.removeBarcode': op({
    input: lookupBarcodeSchema,
    permission: 'catalog.manage',
    handler: (ctx, input) => removeBarcode(ctx, input.code),
  }),
  /** A product list from CSV or XLSX, all or nothing; `dry_run` checks and counts only. */
  'catalog.import': op({
    input: importCatalogSchema,
    permission: 'catalog.manage',
    handler: importCatalog,
  }),
  'commissionRules.set': op({
    input: setCommissionRuleSchema,
    permission: 'store.manage',
    handler: setCommissionRule,
  }),
  'commissionRules.list': op({
    input: z.object({}),
    permission: 'store.manage',
    readonly: true,
    handler: listRules,
  }),
};
