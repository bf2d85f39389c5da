import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/db';
import type { RegistersTable, StoresTable } from '../db/schema';

export function findStore(db: Db, id: string) {
  return db.first(db.q.selectFrom('stores').selectAll().where('id', '=', id));
}

export function listRegisters(db: Db, storeId: string) {
  return db.all(db.q.selectFrom('registers').selectAll().where('store_id', '=', storeId).orderBy('code'));
}

export function insertStore(db: Db, store: Insertable<StoresTable>): void {
  db.run(db.q.insertInto('stores').values(store));
}

export function updateStore(db: Db, id: string, changes: Updateable<StoresTable>): void {
  db.run(db.q.updateTable('stores').set(changes).where('id', '=', id));
}

export function insertRegister(db: Db, register: Insertable<RegistersTable>): void {
  db.run(db.q.insertInto('registers').values(register));
}
