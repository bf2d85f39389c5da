import type { Db } from '../db/db';

export function findCustomerByExternalId(db: Db, externalId: string) {
  return db.first(db.q.selectFrom('customers').selectAll().where('external_id', '=', externalId));
}

export function findCustomerById(db: Db, id: string) {
  return db.first(db.q.selectFrom('customers').selectAll().where('id', '=', id));
}

export function findCustomerByCpf(db: Db, cpf: string) {
  return db.first(db.q.selectFrom('customers').selectAll().where('cpf', '=', cpf));
}
