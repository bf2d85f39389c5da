import { z } from 'zod';
import { op } from '../contract/define';
import { periodSchema } from './analytics.schemas';
import { consolidatedAvailability, consolidatedKpis } from './consolidated';

/**
 * "Esta loja / Todas as lojas" on the Dashboard (issue 14). Owner and manager, like every
 * analytics read; listed in `analyticsOps`, so the desktop and `npm run web` run them in the
 * analytics worker thread (the consolidated one waits on the network there, not on the UI's).
 */
export const consolidatedOps = {
  /** Whether "Todas as lojas" can be chosen now: enrolled and the last contact reached the server; else the pt-BR reason. */
  'analytics.consolidated_status': op({
    input: z.object({}),
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx) => consolidatedAvailability(ctx.db),
  }),
  /** The tenant's KPIs over every store for [from, to], from the sync server's `GET /v1/reports/kpis`. */
  'analytics.consolidated': op({
    input: periodSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => consolidatedKpis(ctx.db, input.from, input.to),
  }),
};
