import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';
import type { PaymentMethod } from '../db/schema';

/** The session of a register that has been opened and not yet closed (reference cache: every counter sale asks). */
const openCashSession = defineQuery(
  (q) =>
    q
      .selectFrom('cash_sessions as s')
      .leftJoin('cash_closings as c', 'c.session_id', 's.id')
      .selectAll('s')
      .where('s.register_id', '=', P[0])
      .where('c.id', 'is', null)
      .orderBy('s.opened_at', 'desc'),
  { cachedFrom: ['cash_sessions', 'cash_closings'] },
);

export function findOpenCashSession(db: Db, registerId: string) {
  return openCashSession.first(db, registerId);
}

export function findUserName(db: Db, id: string | null): string | null {
  if (!id) return null;
  return db.first(db.q.selectFrom('users').select('name').where('id', '=', id))?.name ?? null;
}

export function listCashMovements(db: Db, sessionId: string) {
  return db.all(
    db.q
      .selectFrom('cash_movements')
      .select(['id', 'kind', 'amount_cents', 'reason', 'created_by', 'created_at'])
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .orderBy('id'),
  );
}

/** Cash that entered and left the drawer through sales during a session. */
export function sumCashPayments(db: Db, sessionId: string): { tendered: number; change: number } {
  const row = db.first(
    db.q
      .selectFrom('payments')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('tendered_cents'), eb.lit(0)).as('tendered'),
        eb.fn.coalesce(eb.fn.sum<number>('change_cents'), eb.lit(0)).as('change'),
      ])
      .where('cash_session_id', '=', sessionId)
      .where('method', '=', 'dinheiro'),
  );
  return { tendered: row?.tendered ?? 0, change: row?.change ?? 0 };
}

export function sumPaymentsByMethod(db: Db, sessionId: string): { method: PaymentMethod; total: number }[] {
  return db.all(
    db.q
      .selectFrom('payments')
      .select((eb) => ['method', eb.fn.sum<number>('amount_cents').as('total')])
      .where('cash_session_id', '=', sessionId)
      .groupBy('method'),
  );
}

export function countSessionSales(db: Db, sessionId: string): number {
  const row = db.first(
    db.q
      .selectFrom('payments')
      .select((eb) => eb.fn.count<number>('sale_id').distinct().as('n'))
      .where('cash_session_id', '=', sessionId),
  );
  return row?.n ?? 0;
}

/**
 * Money handed back in cash for cancellations and returns registered during a session: the
 * cash part of each, whatever the refund method's name (`original` on a cash sale is cash).
 */
export function sumCashRefunds(db: Db, sessionId: string): number {
  const cancelled = db.first(
    db.q
      .selectFrom('cancellations')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cash_refund_cents'), eb.lit(0)).as('total'))
      .where('cash_session_id', '=', sessionId),
  );
  const returned = db.first(
    db.q
      .selectFrom('returns')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cash_refund_cents'), eb.lit(0)).as('total'))
      .where('cash_session_id', '=', sessionId),
  );
  return (cancelled?.total ?? 0) + (returned?.total ?? 0);
}

export function findLastClosing(db: Db, registerId: string) {
  return db.first(
    db.q
      .selectFrom('cash_closings')
      .select(['number', 'hash'])
      .where('register_id', '=', registerId)
      .orderBy('number', 'desc'),
  );
}

export function listClosingsForChain(db: Db, registerId: string) {
  return db.all(db.q.selectFrom('cash_closings').selectAll().where('register_id', '=', registerId).orderBy('number'));
}

export function listClosingSummaries(db: Db, registerId: string) {
  return db.all(
    db.q
      .selectFrom('cash_closings as c')
      .leftJoin('users as a', 'a.id', 'c.approved_by')
      .leftJoin('users as u', 'u.id', 'c.closed_by')
      .select([
        'c.id',
        'c.number',
        'c.closed_at',
        'c.expected_cash_cents',
        'c.counted_cash_cents',
        'c.difference_cents',
        'c.approved_by',
        'a.name as approved_by_name',
        'u.name as closed_by_name',
      ])
      .where('c.register_id', '=', registerId)
      .orderBy('c.number', 'desc'),
  );
}

export function findClosing(db: Db, id: string) {
  return db.first(db.q.selectFrom('cash_closings').selectAll().where('id', '=', id));
}
