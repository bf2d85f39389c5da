import { z } from 'zod';
import type { Context } from '../contract/context';
import { op } from '../contract/define';
import { AppError } from '../contract/errors';
import { customerDetail, customerList, clvSettings, saveClvSettings } from './customers-view';
import { dashboardData, mainZone } from './dashboard';
import { computeCommissions, computeMargins } from './finance';
import { computeKpis } from './kpis';
import { computeRfm, segmentCounts } from './rfm';
import { ensureZoneOffsets, localDate } from './tz';
import {
  clvSettingsSchema,
  customerInputSchema,
  customersInputSchema,
  marginsInputSchema,
  periodSchema,
  rfmInputSchema,
} from './analytics.schemas';
import { salesPatterns, performance } from './insights';
import { keeperFor } from './run-keeper';
import { consolidatedOps } from './consolidated.ops';

/**
 * Readies the connection: stores' zone offsets (a writable connection only; the analytics
 * worker's main thread does it before handing a request over).
 */
function ready(ctx: Context): void {
  if (!ctx.db.raw.readonly) ensureZoneOffsets(ctx.db);
}

function todayOf(ctx: Context): string {
  return localDate(ctx.clock.now().toISOString(), mainZone(ctx.db));
}

/** The analytics operations (issue 13); all read-only, owner and manager (`analytics.view`). */
export const analyticsOps = {
  'analytics.rfm': op({
    input: rfmInputSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      const rows = computeRfm(ctx.db, input.as_of, input.window_days);
      const total = (ctx.db.statement('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
      return { as_of: input.as_of, window_days: input.window_days, rows, counts: segmentCounts(rows, total) };
    },
  }),
  'analytics.commissions': op({
    input: periodSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      return computeCommissions(ctx.db, input.from, input.to);
    },
  }),
  'analytics.margins': op({
    input: marginsInputSchema,
    permission: 'analytics.margins',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      if (input.from > input.to) {
        throw new AppError('invalid_input', 'from after to', 'A data inicial deve ser anterior ou igual à final.');
      }
      return computeMargins(ctx.db, input.from, input.to, input.by);
    },
  }),
  'analytics.kpis': op({
    input: periodSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      return computeKpis(ctx.db, input.from, input.to, keeperFor(ctx.db));
    },
  }),
  'analytics.dashboard': op({
    input: periodSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      return dashboardData(ctx.db, input.from, input.to, ctx.clock.now(), keeperFor(ctx.db));
    },
  }),
  'analytics.customers': op({
    input: customersInputSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      const asOf = input.as_of ?? todayOf(ctx);
      return { as_of: asOf, ...customerList(ctx.db, { ...input, asOf }) };
    },
  }),
  'analytics.customer': op({
    input: customerInputSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      const found = ctx.db.statement('SELECT id FROM customers WHERE id = ?').get(input.customer_id);
      if (!found) throw new AppError('not_found', 'customer not found', 'Cliente não encontrado.');
      return customerDetail(ctx.db, input.customer_id, input.as_of ?? todayOf(ctx));
    },
  }),
  'analytics.patterns': op({
    input: periodSchema,
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      return salesPatterns(ctx.db, input.from, input.to, todayOf(ctx));
    },
  }),
  'analytics.performance': op({
    input: periodSchema,
    permission: 'analytics.margins',
    readonly: true,
    handler: (ctx, input) => {
      ready(ctx);
      return performance(ctx.db, input.from, input.to);
    },
  }),
  'analytics.clv_settings': op({
    input: z.object({}),
    permission: 'analytics.view',
    readonly: true,
    handler: (ctx) => clvSettings(ctx.db),
  }),
  'analytics.update_clv_settings': op({
    input: clvSettingsSchema,
    permission: 'analytics.margins',
    handler: (ctx, input) => saveClvSettings(ctx.db, input, ctx.clock.now().toISOString()),
  }),
  ...consolidatedOps,
};
