import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { getSetting } from '../settings/settings.queries';
import { deviceRegisterId } from '../settings/device.settings';
import { insertRow } from '../sync/outbox';
import { refreshSaleState } from '../sales/sale-state';
import { restoreSaleStock } from '../sales/sale-stock';
import { formatDateBR, localDate } from './dates';
import { storeTimezone } from './crediario';

/** Days a charge (boleto, PIX) may wait unpaid before it expires; default 3. */
export const CHARGE_EXPIRY_DAYS_KEY = 'payments.charge_expiry_days';

export function chargeExpiryDays(ctx: Context): number {
  return getSetting<number>(ctx.db, CHARGE_EXPIRY_DAYS_KEY) ?? 3;
}

/** The refusal of a payment on an expired sale: `sale_expired`, with the day it expired. */
export function saleExpiredError(ctx: Context, saleId: string, externalId: string): AppError {
  const row = ctx.db.first(
    ctx.db.q
      .selectFrom('sale_expirations')
      .innerJoin('sales', 'sales.id', 'sale_expirations.sale_id')
      .select(['sale_expirations.occurred_at', 'sales.store_id'])
      .where('sale_id', '=', saleId),
  );
  const day = row ? formatDateBR(localDate(row.occurred_at, storeTimezone(ctx, row.store_id))) : '';
  return new AppError(
    'sale_expired',
    `Sale ${externalId} expired`,
    `A cobrança desta venda expirou em ${day} e não recebe mais pagamentos. Registre uma nova venda.`,
    { expired_at: row?.occurred_at ?? null },
  );
}

/**
 * Which sales an expiry run may touch. `all` (the operation, the CLI): every sale of the
 * database. `this_desktop` (the background scheduler, `expiry.scheduler.ts`): only sales made on
 * this desktop's register (`device.register_id`), and sales without a register (imports) only
 * while the desktop is not enrolled in sync — so two desktops of a store never both expire the
 * same sale offline (the UNIQUE sale_id would merge the facts, but the stock would come back twice).
 */
export type ExpiryScope = 'all' | 'this_desktop';

/**
 * Expires every sale still waiting for payment (`aguardando_pagamento` or `recusada`, nothing
 * paid) whose date is more than `payments.charge_expiry_days` before `asOf` (default now): an
 * expiration fact, the goods' stock back (kind `cancellation`, reason "cobrança expirada") and
 * the status `expirada` in the history. Idempotent (an expired sale is no longer waiting).
 * Returns the expired sales' external ids.
 */
export function expireCharges(ctx: Context, asOf?: string, scope: ExpiryScope = 'all'): { expired: string[] } {
  const now = asOf ?? ctx.clock.now().toISOString();
  const cutoff = new Date(Date.parse(now) - chargeExpiryDays(ctx) * 86_400_000).toISOString();
  const register = scope === 'this_desktop' ? (deviceRegisterId(ctx.db) ?? null) : null;
  const lone = scope === 'this_desktop' && !isEnrolled(ctx);
  const due = ctx.db.all(
    ctx.db.q
      .selectFrom('sales')
      .innerJoin('sale_state', 'sale_state.sale_id', 'sales.id')
      .select(['sales.id', 'sales.external_id', 'sales.store_id'])
      .where('sale_state.status', 'in', ['aguardando_pagamento', 'recusada'])
      .where('sale_state.paid_cents', '=', 0)
      .where('sales.occurred_at', '<', cutoff)
      .$if(scope === 'this_desktop', (q) =>
        q.where((eb) =>
          eb.or([eb('sales.register_id', '=', register ?? ''), ...(lone ? [eb('sales.register_id', 'is', null)] : [])]),
        ),
      )
      .orderBy('sales.occurred_at')
      .limit(10_000),
  );
  const created = ctx.clock.now().toISOString();
  for (const sale of due) {
    insertRow(ctx, 'sale_expirations', {
      id: newId(),
      sale_id: sale.id,
      occurred_at: now,
      created_by: ctx.session.userId,
      created_at: created,
    });
    restoreSaleStock(ctx, sale, now, 'cobrança expirada');
    refreshSaleState(ctx, sale.id, 'cobrança expirada', now);
  }
  return { expired: due.map((s) => s.external_id) };
}

/** True when this desktop is (or was) enrolled in a store's sync: it has a `sync_device` row. */
function isEnrolled(ctx: Context): boolean {
  return ctx.db.statement('SELECT 1 FROM sync_device LIMIT 1').get() !== undefined;
}
