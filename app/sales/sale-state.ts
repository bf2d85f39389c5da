import { isoNow, type Context } from '../contract/context';
import type { SaleStatus } from '../db/schema';
import { newId } from '../db/ids';
import { insertRow } from '../sync/outbox';
import { getSetting } from '../settings/settings.queries';
import { memoized } from '../db/lookup-memo';

interface Facts {
  total: number;
  paid: number;
  change: number;
  refunded: number;
  cancelled: number;
  fiscal: number;
  qty: number;
  returned_qty: number;
  /** Issue 17: declined card payments, an expiry, an open chargeback, open crediário parcelas. */
  declined?: number;
  expired?: number;
  disputed?: number;
  open_parcelas?: number;
}

const FACTS_COLUMNS = `
  s.total_cents - coalesce((SELECT sum(amount_cents) FROM sale_discounts WHERE sale_id = s.id), 0) AS total,
  coalesce((SELECT sum(amount_cents) FROM payments WHERE sale_id = s.id AND declined = 0), 0) AS paid,
  coalesce((SELECT sum(change_cents) FROM payments WHERE sale_id = s.id AND declined = 0), 0) AS change,
  EXISTS (SELECT 1 FROM payments WHERE sale_id = s.id AND declined = 1) AS declined,
  EXISTS (SELECT 1 FROM sale_expirations WHERE sale_id = s.id) AS expired,
  EXISTS (SELECT 1 FROM chargebacks WHERE sale_id = s.id AND outcome IS NULL) AS disputed,
  (SELECT count(*) FROM crediario_installments WHERE sale_id = s.id AND status = 'aberta') AS open_parcelas,
  coalesce((SELECT sum(refund_cents) FROM returns WHERE sale_id = s.id), 0) AS refunded,
  EXISTS (SELECT 1 FROM cancellations WHERE sale_id = s.id) AS cancelled,
  EXISTS (SELECT 1 FROM fiscal_documents WHERE sale_id = s.id) AS fiscal,
  (SELECT sum(qty_milli) FROM sale_items WHERE sale_id = s.id) AS qty,
  coalesce((SELECT sum(r.qty_milli) FROM return_items r JOIN sale_items i ON i.id = r.sale_item_id WHERE i.sale_id = s.id), 0) AS returned_qty`;

const FACTS_SQL = `SELECT ${FACTS_COLUMNS} FROM sales s WHERE s.id = ?`;

export const REQUIRE_FISCAL_KEY = 'sales.require_fiscal';

/**
 * A sale's status follows from its facts alone (seed 003's machine, issue 17): cancelled, then
 * expired (an unpaid charge past its due date), then in dispute (an open chargeback), then
 * refunded (returns, and chargebacks lost — a refund of money with no goods back: full when it
 * reaches the total), then paid: `aprovada` while crediário parcelas are open or a required
 * fiscal document is missing, else `completa`; unpaid with only declined payments is `recusada`.
 */
export function deriveStatus(f: Facts, requireFiscal: boolean): SaleStatus {
  if (f.cancelled) return 'cancelada';
  if (f.expired) return 'expirada';
  if (f.disputed) return 'em_disputa';
  if (f.refunded > 0 || f.returned_qty > 0) {
    return f.returned_qty >= f.qty || f.refunded >= f.total ? 'reembolsada' : 'parcialmente_reembolsada';
  }
  if (f.paid >= f.total) return (f.fiscal || !requireFiscal) && !f.open_parcelas ? 'completa' : 'aprovada';
  if (f.declined && f.paid === 0) return 'recusada';
  return 'aguardando_pagamento';
}

/**
 * Recomputes the sale_state projection from the facts and, when the status changes, appends
 * the change (with reason and user) to the status history.
 */
export function refreshSaleState(ctx: Context, saleId: string, reason: string, occurredAt: string): SaleStatus {
  const facts = ctx.db.statement(FACTS_SQL).get(saleId) as Facts;
  const previous = ctx.db.statement('SELECT status FROM sale_state WHERE sale_id = ?').get(saleId) as
    { status: SaleStatus } | undefined;
  return writeState(ctx, saleId, facts, previous, reason, occurredAt);
}

/**
 * What a sale registered in this very operation has as facts, known without reading them back:
 * its total (no discount given later yet), the payments just written (`paid` and `change` of the
 * non-declined ones, `declined` when any was declined) and the quantity sold (thousandths). A
 * sale with crediário parcelas is not described this way (refreshSaleState reads those).
 */
export interface NewSaleFacts {
  total: number;
  paid: number;
  change: number;
  declined: boolean;
  qty: number;
}

/**
 * refreshSaleState for a sale inserted in the current transaction, from its facts in hand: no
 * return, cancellation, fiscal document, discount, expiry or chargeback can exist yet and there
 * is no previous status. Saves the facts query on the hot path of every sale (issue 9 item 14);
 * `sale.lifecycle.test.ts` holds both paths to the same state.
 */
export function stateOfNewSale(
  ctx: Context,
  saleId: string,
  known: NewSaleFacts,
  reason: string,
  occurredAt: string,
): SaleStatus {
  const facts: Facts = {
    ...known,
    declined: known.declined ? 1 : 0,
    refunded: 0,
    cancelled: 0,
    fiscal: 0,
    returned_qty: 0,
    expired: 0,
    disputed: 0,
    open_parcelas: 0,
  };
  return writeState(ctx, saleId, facts, undefined, reason, occurredAt);
}

function writeState(
  ctx: Context,
  saleId: string,
  facts: Facts,
  previous: { status: SaleStatus } | undefined,
  reason: string,
  occurredAt: string,
): SaleStatus {
  const requireFiscal = memoized(ctx.db, `setting:${REQUIRE_FISCAL_KEY}`, () =>
    getSetting<boolean>(ctx.db, REQUIRE_FISCAL_KEY),
  );
  const status = deriveStatus(facts, requireFiscal ?? false);
  const now = isoNow(ctx.clock);
  const net = facts.cancelled ? 0 : facts.total - facts.refunded;
  ctx.db
    .statement(
      `INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sale_id) DO UPDATE SET status = excluded.status, total_cents = excluded.total_cents,
         paid_cents = excluded.paid_cents, change_cents = excluded.change_cents,
         refunded_cents = excluded.refunded_cents, net_cents = excluded.net_cents, updated_at = excluded.updated_at`,
    )
    .run(saleId, status, facts.total, facts.paid, facts.change, facts.refunded, net, now);
  if (previous?.status !== status) {
    insertRow(ctx, 'sale_status_history', {
      id: newId(),
      sale_id: saleId,
      from_status: previous?.status ?? null,
      to_status: status,
      reason,
      user_id: ctx.session.userId,
      occurred_at: occurredAt,
      created_at: now,
    });
  }
  return status;
}

/**
 * Recomputes a sale's `sale_state` from its facts without appending status history: used for
 * sales whose facts arrive through sync, where the history rows come from the desktop that made
 * the change. No-op when the sale itself is not here (yet). `now` is an ISO instant.
 */
export function projectSaleState(db: Context['db'], saleId: string, now: string): void {
  const facts = db.statement(FACTS_SQL).get(saleId) as Facts | undefined;
  if (!facts) return;
  const status = deriveStatus(facts, getSetting<boolean>(db, REQUIRE_FISCAL_KEY) ?? false);
  const net = facts.cancelled ? 0 : facts.total - facts.refunded;
  db.statement(
    `INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sale_id) DO UPDATE SET status = excluded.status, total_cents = excluded.total_cents,
       paid_cents = excluded.paid_cents, change_cents = excluded.change_cents,
       refunded_cents = excluded.refunded_cents, net_cents = excluded.net_cents, updated_at = excluded.updated_at`,
  ).run(saleId, status, facts.total, facts.paid, facts.change, facts.refunded, net, now);
}

/**
 * `projectSaleState` for many sales at once (a pull's queue, `sync_dirty_sales`): one statement
 * reads the facts of every sale of `saleIds` that is here (the others are skipped, as
 * `projectSaleState` skips them), each gets `deriveStatus` and its upsert. Returns the sales
 * projected. `now` is an ISO instant.
 */
export function projectSaleStates(db: Context['db'], saleIds: string[], now: string): number {
  if (saleIds.length === 0) return 0;
  const requireFiscal = getSetting<boolean>(db, REQUIRE_FISCAL_KEY) ?? false;
  const rows = db
    .statement(`SELECT s.id AS sale_id, ${FACTS_COLUMNS} FROM json_each(?) j JOIN sales s ON s.id = j.value`)
    .all(JSON.stringify(saleIds)) as (Facts & { sale_id: string })[];
  const upsert = db.statement(
    `INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sale_id) DO UPDATE SET status = excluded.status, total_cents = excluded.total_cents,
       paid_cents = excluded.paid_cents, change_cents = excluded.change_cents,
       refunded_cents = excluded.refunded_cents, net_cents = excluded.net_cents, updated_at = excluded.updated_at`,
  );
  for (const facts of rows) {
    const status = deriveStatus(facts, requireFiscal);
    const net = facts.cancelled ? 0 : facts.total - facts.refunded;
    upsert.run(facts.sale_id, status, facts.total, facts.paid, facts.change, facts.refunded, net, now);
  }
  return rows.length;
}
