import { z } from 'zod';
import { op } from '../contract/define';
import { upsertLocation, upsertLocationSchema } from '../store/location.service';
import { upsertSalespersonSchema } from './salesperson.schemas';
import { listAllSalespeople, upsertSalesperson } from './salesperson.service';

/** Salespeople and the locations they work at (locations.upsert lives here with its service). */
export const salespersonOps = {
  'salespeople.upsert': op({
    input: upsertSalespersonSchema,
    permission: 'store.manage',
    handler: upsertSalesperson,
  }),
  'salespeople.list': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: listAllSalespeople,
  }),
  'locations.list': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) =>
      ctx.db.all(ctx.db.q.selectFrom('stores').select(['id', 'code', 'name', 'city', 'timezone']).orderBy('code')),
  }),
  'locations.upsert': op({
    input: upsertLocationSchema,
    permission: 'store.manage',
    handler: upsertLocation,
  }),
};
