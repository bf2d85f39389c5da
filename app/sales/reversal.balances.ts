import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { allocateLargestRemainder, divRoundHalfUp } from '../money/money';
import { deviceRegisterId } from '../settings/device.settings';
import { insertRow } from '../sync/outbox';
import { findOpenCashSession } from '../cash/cash.queries';
import { loyaltyBalance } from './sale-actions.service';

/**
 * What a reversal gives back, split by where the money goes (centavos). `other` is money back
 * to a card, PIX or boleto: it moves no balance this device keeps.
 */
export interface RefundSplit {
  cash: number;
  credit: number;
  other: number;
}

export interface ReversalOptions {
  /**
   * At the counter (`sales.cancel`, `sales.return`) cash handed back leaves the drawer of the
   * register's open caixa, which must exist; imports (`sales.apply`) record the refund without
   * a drawer.
   */
  counter: boolean;
}

/** Σ applied per bucket of a sale's payments: cash, store credit, everything else. */
/**
 * What the customer really paid, per bucket: declined payments never, a crediário payment only
 * as far as its parcelas were received (each parcela's amount, in the bucket it was paid in;
 * late charges are the store's), issue 17.
 */
export function paidSplit(db: Db, saleId: string): RefundSplit {
  const row = db
    .statement(
      `SELECT coalesce(sum(CASE WHEN method = 'dinheiro' THEN amount_cents END), 0)
                + (SELECT coalesce(sum(amount_cents), 0) FROM installment_receipts WHERE sale_id = ? AND method = 'dinheiro') AS cash,
              coalesce(sum(CASE WHEN method = 'credito_loja' THEN amount_cents END), 0) AS credit,
              coalesce(sum(CASE WHEN method NOT IN ('dinheiro', 'credito_loja', 'crediario') THEN amount_cents END), 0)
                + (SELECT coalesce(sum(amount_cents), 0) FROM installment_receipts WHERE sale_id = ? AND method != 'dinheiro') AS other
       FROM payments WHERE sale_id = ? AND declined = 0`,
    )
    .get(saleId, saleId, saleId) as RefundSplit;
  return row;
}

/** What the sale's earlier returns already gave back, per bucket. */
function returnedSplit(db: Db, saleId: string): RefundSplit {
  const row = db
    .statement(
      `SELECT coalesce(sum(cash_refund_cents), 0) AS cash, coalesce(sum(store_credit_cents), 0) AS credit,
              coalesce(sum(refund_cents - cash_refund_cents - store_credit_cents), 0) AS other
       FROM returns WHERE sale_id = ?`,
    )
    .get(saleId) as RefundSplit;
  return row;
}

/**
 * Splits a return's refund by its method: `dinheiro` is all cash, `credito_loja` all store
 * credit, `original` goes back the way the sale was paid — allocated by largest remainder over
 * what each bucket (cash, store credit, other) paid and earlier returns have not yet given
 * back, so a sale paid half in cash and half by card refunds half in cash.
 */
export function splitReturnRefund(
  db: Db,
  saleId: string,
  refund: number,
  method: 'dinheiro' | 'original' | 'credito_loja',
): RefundSplit {
  if (method === 'dinheiro') return { cash: refund, credit: 0, other: 0 };
  if (method === 'credito_loja') return { cash: 0, credit: refund, other: 0 };
  if (refund <= 0) return { cash: 0, credit: 0, other: 0 };
  const paid = paidSplit(db, saleId);
  const done = returnedSplit(db, saleId);
  const left = [paid.cash - done.cash, paid.credit - done.credit, paid.other - done.other].map((v) => Math.max(0, v));
  const paidWeights = [paid.cash, paid.credit, paid.other];
  const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);
  const weights = sum(left) >= refund ? left : sum(paidWeights) >= refund ? paidWeights : null;
  if (!weights) return { cash: 0, credit: 0, other: refund };
  const [cash = 0, credit = 0, other = 0] = allocateLargestRemainder(refund, weights);
  return { cash, credit, other };
}

/**
 * The open cash session cash is handed back from. At the counter, cash going back needs an open
 * caixa on the session's register (or this device's): `cash_refund_needs_open_cash` otherwise.
 * Returns the session id (also when no cash moves, to tie the reversal to the shift), or null.
 */
export function counterCashSession(ctx: Context, cashCents: number, options: ReversalOptions): string | null {
  if (!options.counter) return null;
  const registerId = ctx.session.registerId ?? deviceRegisterId(ctx.db) ?? null;
  const session = registerId ? findOpenCashSession(ctx.db, registerId) : undefined;
  if (!session && cashCents > 0) {
    throw new AppError(
      'cash_refund_needs_open_cash',
      `Cash refund of ${cashCents} with no open cash session on register ${registerId ?? '(none)'}`,
      'Para devolver dinheiro ao cliente, abra o caixa deste terminal primeiro.',
      { cash_refund_cents: cashCents },
    );
  }
  return session?.id ?? null;
}

/** How much of a sale a reversal has now taken back: all of it, or refunded / total so far. */
export type ReversedShare = { all: true } | { all: false; refunded: number; total: number };

function shareOf(points: number, share: ReversedShare): number {
  if (share.all) return points;
  if (share.total <= 0) return 0;
  return Math.min(points, divRoundHalfUp(points * Math.min(share.refunded, share.total), share.total));
}

interface SaleLoyalty {
  customer_id: string;
  earned: number;
  redeemed: number;
  /** Earned points already taken back, counting those the customer had spent (unreversed). */
  earn_reversed: number;
  redeem_restored: number;
}

function saleLoyalty(db: Db, saleId: string): SaleLoyalty[] {
  return db
    .statement(
      `SELECT customer_id,
         coalesce(sum(CASE WHEN kind = 'earn' THEN points END), 0) AS earned,
         coalesce(sum(CASE WHEN kind = 'redeem' THEN -points END), 0) AS redeemed,
         coalesce(sum(CASE WHEN kind = 'reversal' AND points <= 0 THEN unreversed_points - points END), 0) AS earn_reversed,
         coalesce(sum(CASE WHEN kind = 'reversal' AND points > 0 THEN points END), 0) AS redeem_restored
       FROM loyalty_movements WHERE sale_id = ? GROUP BY customer_id ORDER BY customer_id`,
    )
    .all(saleId) as SaleLoyalty[];
}

/**
 * Takes back, in proportion to what the reversal undid, the loyalty points a sale moved:
 * points redeemed on it come back first, then points earned on it are removed. Cumulative, so
 * partial returns add up exactly to the whole. A balance never goes below zero: when the customer
 * already spent earned points, only what is left is removed and the rest is recorded on the
 * reversal as `unreversed_points` (and not asked again by a later return).
 */
export function reverseLoyalty(ctx: Context, saleId: string, share: ReversedShare, occurredAt: string): void {
  const now = ctx.clock.now().toISOString();
  const write = (customerId: string, points: number, unreversed: number) =>
    insertRow(ctx, 'loyalty_movements', {
      id: newId(),
      external_id: null,
      customer_id: customerId,
      sale_id: saleId,
      kind: 'reversal',
      points,
      unreversed_points: unreversed,
      occurred_at: occurredAt,
      created_by: ctx.session.userId,
      created_at: now,
    });
  for (const l of saleLoyalty(ctx.db, saleId)) {
    const restore = shareOf(l.redeemed, share) - l.redeem_restored;
    if (restore > 0) write(l.customer_id, restore, 0);
    const remove = shareOf(l.earned, share) - l.earn_reversed;
    if (remove <= 0) continue;
    const taken = Math.min(remove, Math.max(0, loyaltyBalance(ctx, l.customer_id)));
    write(l.customer_id, -taken, remove - taken);
  }
}
