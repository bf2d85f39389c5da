import type { Db } from '../db/db';

export function findStore(db: Db, id: string) {
  return db.first(db.q.selectFrom('stores').selectAll().where('id', '=', id));
}

export function listRegisters(db: Db, storeId: string) {
  return db.all(db.q.selectFrom('registers').selectAll().where('store_id', '=', storeId).orderBy('code'));
}

export function findRegisterByCode(db: Db, storeId: string, code: string) {
  return db.first(db.q.selectFrom('registers').selectAll().where('store_id', '=', storeId).where('code', '=', code));
}
