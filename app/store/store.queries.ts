import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

// Kept in the reference cache (app/db/ref-cache.ts): every sale reads its store and register.
const storeById = defineQuery((q) => q.selectFrom('stores').selectAll().where('id', '=', P[0]), {
  cachedFrom: ['stores'],
});
const storeByCode = defineQuery((q) => q.selectFrom('stores').selectAll().where('code', '=', P[0]), {
  cachedFrom: ['stores'],
});
const registerById = defineQuery((q) => q.selectFrom('registers').selectAll().where('id', '=', P[0]), {
  cachedFrom: ['registers'],
});
const registerByCode = defineQuery(
  (q) => q.selectFrom('registers').selectAll().where('store_id', '=', P[0]).where('code', '=', P[1]),
  { cachedFrom: ['registers'] },
);

export function findStore(db: Db, id: string) {
  return storeById.first(db, id);
}

export function findStoreByCode(db: Db, code: string) {
  return storeByCode.first(db, code);
}

export function findRegister(db: Db, id: string) {
  return registerById.first(db, id);
}

export function findRegisterByCode(db: Db, storeId: string, code: string) {
  return registerByCode.first(db, storeId, code);
}

export function listRegisters(db: Db, storeId: string) {
  return db.all(db.q.selectFrom('registers').selectAll().where('store_id', '=', storeId).orderBy('code'));
}
