import type { Db } from '../db/db';

export function countUsers(db: Db): number {
  const row = db.first(db.q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')));
  return row?.n ?? 0;
}

export function findUserByLogin(db: Db, login: string) {
  return db.first(db.q.selectFrom('users').selectAll().where('login', '=', login).where('active', '=', 1));
}

export function findUserById(db: Db, id: string) {
  return db.first(db.q.selectFrom('users').select(['id', 'name', 'login', 'role']).where('id', '=', id));
}
