import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

const salespersonByExternalId = defineQuery(
  (q) => q.selectFrom('salespeople').selectAll().where('external_id', '=', P[0]),
  { cachedFrom: ['salespeople'] },
);

export function findSalespersonByExternalId(db: Db, externalId: string) {
  return salespersonByExternalId.first(db, externalId);
}

export function findSalespersonById(db: Db, id: string) {
  return db.first(db.q.selectFrom('salespeople').selectAll().where('id', '=', id));
}

export function listSalespeople(db: Db) {
  return db.all(
    db.q
      .selectFrom('salespeople as s')
      .innerJoin('stores as st', 'st.id', 's.store_id')
      .select([
        's.id',
        's.external_id',
        's.name',
        'st.code as location_external_id',
        's.commission_rate_bp',
        's.monthly_target_cents',
        's.active',
      ])
      .orderBy('s.name')
      .orderBy('s.external_id'),
  );
}
