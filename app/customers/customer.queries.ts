import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

// Both run once per imported or counter sale: built and compiled once per database.
const byExternalId = defineQuery((q) => q.selectFrom('customers').selectAll().where('external_id', '=', P[0]));
const byId = defineQuery((q) => q.selectFrom('customers').selectAll().where('id', '=', P[0]));

export function findCustomerByExternalId(db: Db, externalId: string) {
  return byExternalId.first(db, externalId);
}

export function findCustomerById(db: Db, id: string) {
  return byId.first(db, id);
}

export function findCustomerByCpf(db: Db, cpf: string) {
  return db.first(db.q.selectFrom('customers').selectAll().where('cpf', '=', cpf));
}

// A type alias: withTables needs a type with an implicit index signature.
type SearchTables = {
  customer_search: { rowid: number; customer_search: string };
  customer_search_docs: { doc_id: number; customer_id: string };
};

const SUMMARY = ['c.id', 'c.external_id', 'c.name', 'c.cpf', 'c.phone', 'c.email'] as const;

/**
 * Customers whose name matches an FTS5 query (case- and accent-insensitive), in index order and
 * without bm25, whose IDF would walk every match of a short prefix on each keystroke.
 */
export function findCustomersByName(db: Db, match: string, limit: number) {
  return db.all(
    db.q
      .withTables<SearchTables>()
      .selectFrom('customer_search')
      .innerJoin('customer_search_docs as d', 'd.doc_id', 'customer_search.rowid')
      .innerJoin('customers as c', 'c.id', 'd.customer_id')
      .select(SUMMARY)
      .where('customer_search', 'match', match)
      .limit(limit),
  );
}

/** Customers whose CPF or phone starts with these digits (both are stored as digits). */
export function findCustomersByDigits(db: Db, digits: string, limit: number) {
  const upper = `${digits}:`; // ':' sorts right after '9': a prefix range the indexes can serve
  const byCpf = db.all(
    db.q
      .selectFrom('customers as c')
      .select(SUMMARY)
      .where('c.cpf', '>=', digits)
      .where('c.cpf', '<', upper)
      .orderBy('c.cpf')
      .limit(limit),
  );
  const byPhone = db.all(
    db.q
      .selectFrom('customers as c')
      .select(SUMMARY)
      .where('c.phone', '>=', digits)
      .where('c.phone', '<', upper)
      .orderBy('c.phone')
      .orderBy('c.name')
      .limit(limit),
  );
  const seen = new Set<string>();
  return [...byCpf, ...byPhone].filter((c) => !seen.has(c.id) && seen.add(c.id)).slice(0, limit);
}

export function findCustomersByPhone(db: Db, phone: string) {
  return db.all(
    db.q.selectFrom('customers').selectAll().where('phone', '=', phone).orderBy('created_at').orderBy('id'),
  );
}

/** The customer's loyalty points balance: Σ points of their loyalty movements. */
export function loyaltyPoints(db: Db, customerId: string): number {
  const row = db
    .statement('SELECT coalesce(sum(points), 0) AS points FROM loyalty_movements WHERE customer_id = ?')
    .get(customerId) as { points: number };
  return row.points;
}
