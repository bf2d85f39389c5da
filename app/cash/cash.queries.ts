import type { Db } from '../db/db';

/** The session of a register that has been opened and not yet closed. */
export function findOpenCashSession(db: Db, registerId: string) {
  return db.first(
    db.q
      .selectFrom('cash_sessions as s')
      .leftJoin('cash_closings as c', 'c.session_id', 's.id')
      .selectAll('s')
      .where('s.register_id', '=', registerId)
      .where('c.id', 'is', null)
      .orderBy('s.opened_at', 'desc'),
  );
}
