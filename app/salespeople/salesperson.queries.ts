import type { Db } from '../db/db';

export function findSalespersonByExternalId(db: Db, externalId: string) {
  return db.first(db.q.selectFrom('salespeople').selectAll().where('external_id', '=', externalId));
}

export function findSalespersonById(db: Db, id: string) {
  return db.first(db.q.selectFrom('salespeople').selectAll().where('id', '=', id));
}
