import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/** Only a variant's active barcodes are searchable. */
const ACTIVE_BARCODES_OF = (variantId: string) =>
  `coalesce((SELECT group_concat(b.code, ' ') FROM barcodes b WHERE b.variant_id = ${variantId} AND b.active = 1), '')`;

/**
 * A barcode typed wrong, or printed for a product that no longer exists, must be removable. The
 * sync log carries inserts and column updates, not deletes, so removal is `active = 0`; adding
 * the same code again (to any variant) reactivates the row. The search triggers of 0003 are
 * recreated to index active barcodes only.
 */
export const barcodeRemoval: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE barcodes ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))`,
      `DROP TRIGGER catalog_search_variant_au`,
      `CREATE TRIGGER catalog_search_variant_au AFTER UPDATE OF product_id, external_id, size, color ON variants BEGIN
        UPDATE catalog_search_docs SET (name, brand, category, size, color, sku, barcodes) =
          (SELECT p.name, coalesce(p.brand, ''), p.category, coalesce(new.size, ''), coalesce(new.color, ''),
            new.external_id, ${ACTIVE_BARCODES_OF('new.id')} FROM products p WHERE p.id = new.product_id)
        WHERE variant_id = new.id;
      END`,
      `DROP TRIGGER catalog_search_barcode_ai`,
      `CREATE TRIGGER catalog_search_barcode_ai AFTER INSERT ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${ACTIVE_BARCODES_OF('new.variant_id')} WHERE variant_id = new.variant_id;
      END`,
      `DROP TRIGGER catalog_search_barcode_au`,
      `CREATE TRIGGER catalog_search_barcode_au AFTER UPDATE ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${ACTIVE_BARCODES_OF('old.variant_id')} WHERE variant_id = old.variant_id;
        UPDATE catalog_search_docs SET barcodes = ${ACTIVE_BARCODES_OF('new.variant_id')} WHERE variant_id = new.variant_id;
      END`,
      `DROP TRIGGER catalog_search_barcode_ad`,
      `CREATE TRIGGER catalog_search_barcode_ad AFTER DELETE ON barcodes BEGIN
        UPDATE catalog_search_docs SET barcodes = ${ACTIVE_BARCODES_OF('old.variant_id')} WHERE variant_id = old.variant_id;
      END`,
    ]);
  },
};
