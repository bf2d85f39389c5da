import type { Db } from '../db/db';
import { variantIdByBarcode } from './catalog.queries';

/**
 * The FTS5 tables of migration 0003, local to the device. A type alias, not an interface:
 * withTables needs a type with an implicit index signature.
 */
type SearchTables = {
  catalog_search: { rowid: number; catalog_search: string };
  catalog_search_docs: { doc_id: number; variant_id: string };
};

function searchQ(db: Db) {
  return db.q.withTables<SearchTables>();
}

/**
 * Turns what the user typed into an FTS5 query: every word is a quoted phrase (so punctuation
 * in SKUs and FTS5 operators are taken literally) matched as a prefix. Null when nothing is left.
 */
export function ftsPrefixQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => `"${t.replaceAll('"', '""')}"*`);
  return terms.length > 0 ? terms.join(' ') : null;
}

/**
 * Active variants (of active products) whose barcode or SKU is exactly `code` (SKU also in upper
 * case): what a scanner sends. Inactive ones are left out here, so they do not take the places
 * of the search's `limit`.
 */
export function exactVariantIds(db: Db, code: string): string[] {
  const byBarcode = variantIdByBarcode.all(db, code).map((r) => r.variant_id);
  const candidates = [...new Set(byBarcode)];
  const active = db.all(
    db.q
      .selectFrom('variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select('v.id as variant_id')
      .where((eb) =>
        eb.or([
          eb('v.external_id', 'in', [code, code.toUpperCase()]),
          ...(candidates.length > 0 ? [eb('v.id', 'in', candidates)] : []),
        ]),
      )
      .where('v.active', '=', 1)
      .where('p.active', '=', 1),
  );
  const ids = new Set(active.map((r) => r.variant_id));
  // Barcode matches first, then SKU matches, as before.
  return [...candidates.filter((id) => ids.has(id)), ...[...ids].filter((id) => !byBarcode.includes(id))];
}

function activeMatches(db: Db, match: string, limit: number): string[] {
  return db
    .all(
      searchQ(db)
        .selectFrom('catalog_search')
        .innerJoin('catalog_search_docs as d', 'd.doc_id', 'catalog_search.rowid')
        .innerJoin('variants as v', 'v.id', 'd.variant_id')
        .innerJoin('products as p', 'p.id', 'v.product_id')
        .select('d.variant_id')
        .where('catalog_search', 'match', match)
        .where('v.active', '=', 1)
        .where('p.active', '=', 1)
        .limit(limit),
    )
    .map((r) => r.variant_id);
}

/**
 * Active variants matching what was typed: those whose name holds every word first, then those
 * matching across any column (brand, size, color, SKU, barcodes). A query with a digit looks like
 * a code, and codes are not in names: its name pass would walk every SKU and barcode posting for
 * nothing. Not bm25: its IDF makes FTS5 walk every match of a one-letter prefix (most of the
 * catalog) on each keystroke, while each pass here stops after `limit` rows.
 */
export function matchingVariantIds(db: Db, text: string, limit: number): string[] {
  const terms = ftsPrefixQuery(text);
  if (!terms) return [];
  const inName = /\d/.test(text) ? [] : activeMatches(db, `{name} : (${terms})`, limit);
  if (inName.length >= limit) return inName;
  const anywhere = activeMatches(db, terms, limit + inName.length);
  return [...new Set([...inName, ...anywhere])].slice(0, limit);
}

export interface CatalogFilter {
  query?: string;
  product_id?: string;
  category?: string;
  active?: boolean;
}

function filtered(db: Db, f: CatalogFilter) {
  const q = searchQ(db);
  let query = q.selectFrom('variants as v').innerJoin('products as p', 'p.id', 'v.product_id');
  if (f.category) query = query.where('p.category', '=', f.category);
  if (f.product_id) query = query.where('v.product_id', '=', f.product_id);
  if (f.active === true) query = query.where('v.active', '=', 1).where('p.active', '=', 1);
  if (f.active === false) query = query.where((eb) => eb.or([eb('v.active', '=', 0), eb('p.active', '=', 0)]));
  const match = f.query ? ftsPrefixQuery(f.query) : null;
  if (match) {
    query = query.where('v.id', 'in', (eb) =>
      eb
        .selectFrom('catalog_search')
        .innerJoin('catalog_search_docs as d', 'd.doc_id', 'catalog_search.rowid')
        .select('d.variant_id')
        .where('catalog_search', 'match', match),
    );
  }
  return query;
}

/** One page of the catalog, by product name then SKU, and how many entries match in all. */
export function listVariantIds(
  db: Db,
  f: CatalogFilter,
  page: { limit: number; offset: number },
): { ids: string[]; total: number } {
  const ids = db
    .all(
      filtered(db, f).select('v.id').orderBy('p.name').orderBy('v.external_id').limit(page.limit).offset(page.offset),
    )
    .map((r) => r.id);
  const count = db.first(filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')));
  return { ids, total: Number(count?.n ?? 0) };
}
