import { z } from 'zod';
import { op } from '../contract/define';
import { parkedRefSchema, parkSaleSchema } from './parked.schemas';
import { discardParked, listParked, parkSale, resumeParked } from './parked.service';

export const parkedOps = {
  'pdv.park': op({ input: parkSaleSchema, permission: 'sales.register', handler: parkSale }),
  'pdv.parked': op({ input: z.object({}), permission: 'sales.register', readonly: true, handler: listParked }),
  'pdv.resume': op({
    input: parkedRefSchema,
    permission: 'sales.register',
    handler: (ctx, input) => resumeParked(ctx, input.id),
  }),
  'pdv.discardParked': op({
    input: parkedRefSchema,
    permission: 'sales.register',
    handler: (ctx, input) => discardParked(ctx, input.id),
  }),
};
