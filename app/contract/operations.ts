import type { z } from 'zod';
import type { Shaped } from './visibility';
import { authOps } from '../auth/auth.ops';
import { userOps } from '../auth/users.ops';
import { cashOps } from '../cash/cash.ops';
import { storeOps } from '../store/store.ops';
import { saleOps } from '../sales/sale.ops';
import { applyOps } from '../sales/apply.ops';
import { catalogOps } from '../catalog/catalog.ops';
import { customerOps } from '../customers/customer.ops';
import { salespersonOps } from '../salespeople/salesperson.ops';
import { stockOps } from '../stock/stock.ops';
import { parkedOps } from '../pdv/parked.ops';
import { pdvCheckOps } from '../pdv/pdv-checks.ops';
import { counterSettingsOps } from '../pdv/counter-settings.ops';
import { pixOps } from '../pix/pix.ops';
import { syncOps } from '../sync/sync.ops';
import { analyticsOps } from '../analytics/analytics.ops';
import { schedulingOps } from '../scheduling/scheduling.ops';
import { leadOps } from '../leads/leads.ops';
import { auditOps } from '../audit/audit.ops';
import { paymentOps } from '../payments/payments.ops';
import { reportOps } from '../reports/reports.ops';
import { backupOps } from '../backup/backup.ops';
import { clinicalOps, consentOps, privacyOps } from '../lgpd/lgpd.ops';
import { idleLockOps } from '../trust/idle-lock';

/** The whole contract: every operation any transport can serve. */
export const operations = {
  ...storeOps,
  ...saleOps,
  ...applyOps,
  ...authOps,
  ...userOps,
  ...cashOps,
  ...catalogOps,
  ...customerOps,
  ...salespersonOps,
  ...stockOps,
  ...parkedOps,
  ...pdvCheckOps,
  ...counterSettingsOps,
  ...pixOps,
  ...syncOps,
  ...analyticsOps,
  ...schedulingOps,
  ...leadOps,
  ...auditOps,
  ...paymentOps,
  ...reportOps,
  ...backupOps,
  ...consentOps,
  ...privacyOps,
  ...clinicalOps,
  ...idleLockOps,
};

export type Operations = typeof operations;
export type OpName = keyof Operations;
export type OpInput<N extends OpName> = z.input<Operations[N]['input']>;
/** What the caller receives: the handler's value after permission shaping (hidden fields may be null). */
export type OpOutput<N extends OpName> = Shaped<ReturnType<Operations[N]['handler']>>;
