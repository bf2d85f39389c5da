import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;

const BARCODES_OF = (variantId: string) =>
  `coalesce((SELECT group_concat(b.code, ' ') FROM barcodes b WHERE b.variant_id = ${variantId}), '')`;

/** The document columns of variant row `v` (joined with its product `p`). */
const VARIANT_DOC_VALUES = (v: string) =>
  `p.name, coalesce(p.brand, ''), p.category, coalesce(${v}.size, ''), coalesce(${v}.color, ''), ${v}.external_id, ${BARCODES_OF(`${v}.id`)}`;

const DOC_COLUMNS = 'name, brand, category, size, color, sku, barcodes';
const docValues = (row: string) =>
  DOC_COLUMNS.split(', ')
    .map((c) => `${row}.${c}`)
    .join(', ');

/**
 * Type-ahead search for the catalog and for customers' names: FTS5 indexes, prefix-searchable,
 * case- and accent-insensitive. Each index is an external-content table over a local document
 * table with an INTEGER PRIMARY KEY: the synced tables have TEXT keys, and their implicit rowids
 * may be renumbered by VACUUM, which would silently detach an index that pointed at them.
 * Triggers keep documents and indexes in step with products, variants, barcodes and customers;
 * none of these tables is synced (each device builds its own).
 */
export const catalogSearch: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE catalog_search_docs (
        doc_id INTEGER PRIMARY KEY,
        variant_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        brand TEXT NOT NULL,
        category TEXT NOT NULL,
        size TEXT NOT NULL,
        color TEXT NOT NULL,
        sku TEXT NOT NULL,
        barcodes TEXT NOT NULL
      ) STRICT`,
      `CREATE VIRTUAL TABLE catalog_search USING fts5(
        ${DOC_COLUMNS},
        content = 'catalog_search_docs', content_rowid = 'doc_id',
        ${TOKENIZE}, prefix = '1 2 3'
      )`,
      `CREATE TRIGGER catalog_search_docs_ai AFTER INSERT ON catalog_search_docs BEGIN
        INSERT INTO catalog_search (rowid, ${DOC_COLUMNS}) VALUES (new.doc_id, ${docValues('new')});
      END`,
      `CREATE TRIGGER catalog_search_docs_ad AFTER DELETE ON catalog_search_docs BEGIN
        INSERT INTO catalog_search (catalog_search, rowid, ${DOC_COLUMNS}) VALUES ('delete', old.doc_id, ${docValues('old')});
      END`,
      `CREATE TRIGGER catalog_search_docs_au AFTER UPDATE ON catalog_search_docs BEGIN
        INSERT INTO catalog_search (catalog_search, rowid, ${DOC_COLUMNS}) VALUES ('delete', old.doc_id, ${docValues('old')});
        INSERT INTO catalog_search (rowid, ${DOC_COLUMNS}) VALUES (new.doc_id, ${docValues('new')});
      END`,
      `CREATE TRIGGER catalog_search_variant_ai AFTER INSERT ON variants BEGIN
        INSERT INTO catalog_search_docs (variant_id, ${DOC_COLUMNS})
        SELECT new.id, ${VARIANT_DOC_VALUES('new')} FROM products p WHERE p.id = new.product_id;
      END`,
      `CREATE TRIGGER catalog_search_variant_au AFTER UPDATE OF product_id, external_id, size, color ON variants BEGIN
        UPDATE catalog_search_docs SET (${DOC_COLUMNS}) =
          (SELECT ${VARIANT_DOC_VALUES('new')} FROM products p WHERE p.id = new.product_id)
        WHERE variant_id = new.id;
      END`,
      `CREATE TRIGGER catalog_search_variant_ad AFTER DELETE ON variants BEGIN
        DELETE FROM catalog_search_docs WHERE variant_id = old.id;
      END`,
      `CREATE TRIGGER catalog_search_product_au AFTER UPDATE OF name, brand, category ON products BEGIN
        UPDATE catalog_search_docs SET name = new.name, brand = coalesce(new.brand, ''), category = new.category
        WHERE variant_id IN (SELECT id FROM variants WHERE product_id = new.id);
      END`,
      `CREATE TRIGGER catalog_search_barcode_ai AFTER INSERT ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${BARCODES_OF('new.variant_id')} WHERE variant_id = new.variant_id;
      END`,
      `CREATE TRIGGER catalog_search_barcode_au AFTER UPDATE ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${BARCODES_OF('old.variant_id')} WHERE variant_id = old.variant_id;
        UPDATE catalog_search_docs SET barcodes = ${BARCODES_OF('new.variant_id')} WHERE variant_id = new.variant_id;
      END`,
      `CREATE TRIGGER catalog_search_barcode_ad AFTER DELETE ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${BARCODES_OF('old.variant_id')} WHERE variant_id = old.variant_id;
      END`,
      `INSERT INTO catalog_search_docs (variant_id, ${DOC_COLUMNS})
        SELECT v.id, ${VARIANT_DOC_VALUES('v')} FROM variants v JOIN products p ON p.id = v.product_id ORDER BY v.id`,

      `CREATE TABLE customer_search_docs (
        doc_id INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
      ) STRICT`,
      `CREATE VIRTUAL TABLE customer_search USING fts5(
        name, content = 'customer_search_docs', content_rowid = 'doc_id', ${TOKENIZE}, prefix = '1 2 3'
      )`,
      `CREATE TRIGGER customer_search_docs_ai AFTER INSERT ON customer_search_docs BEGIN
        INSERT INTO customer_search (rowid, name) VALUES (new.doc_id, new.name);
      END`,
      `CREATE TRIGGER customer_search_docs_ad AFTER DELETE ON customer_search_docs BEGIN
        INSERT INTO customer_search (customer_search, rowid, name) VALUES ('delete', old.doc_id, old.name);
      END`,
      `CREATE TRIGGER customer_search_docs_au AFTER UPDATE ON customer_search_docs BEGIN
        INSERT INTO customer_search (customer_search, rowid, name) VALUES ('delete', old.doc_id, old.name);
        INSERT INTO customer_search (rowid, name) VALUES (new.doc_id, new.name);
      END`,
      `CREATE TRIGGER customer_search_customer_ai AFTER INSERT ON customers BEGIN
        INSERT INTO customer_search_docs (customer_id, name) VALUES (new.id, new.name);
      END`,
      `CREATE TRIGGER customer_search_customer_au AFTER UPDATE OF name ON customers BEGIN
        UPDATE customer_search_docs SET name = new.name WHERE customer_id = new.id;
      END`,
      `CREATE TRIGGER customer_search_customer_ad AFTER DELETE ON customers BEGIN
        DELETE FROM customer_search_docs WHERE customer_id = old.id;
      END`,
      `INSERT INTO customer_search_docs (customer_id, name) SELECT id, name FROM customers ORDER BY id`,

      `CREATE INDEX products_name ON products (name COLLATE NOCASE)`,
      `CREATE INDEX products_category ON products (category)`,
    ]);
  },
};
