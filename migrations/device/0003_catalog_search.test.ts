import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { foundation } from './0001_foundation';
import { salesCore } from './0002_sales_core';
import { catalogSearch } from './0003_catalog_search';

const UPTO_0002 = { '0001_foundation': foundation, '0002_sales_core': salesCore };
const ALL = { ...UPTO_0002, '0003_catalog_search': catalogSearch };

async function migrated(migrations: Record<string, typeof foundation> = ALL) {
  const raw = new BetterSqlite3(':memory:');
  raw.pragma('foreign_keys = ON');
  await migrateToLatest(new Db(raw), migrations);
  return raw;
}

function addProduct(raw: BetterSqlite3.Database, id: string, name: string, brand: string | null = null) {
  raw
    .prepare(
      "INSERT INTO products (id, external_id, name, category, brand, kind, created_at, updated_at) VALUES (?, ?, ?, 'Roupas', ?, 'goods', 't', 't')",
    )
    .run(id, id, name, brand);
}

function addVariant(
  raw: BetterSqlite3.Database,
  id: string,
  productId: string,
  sku: string,
  color: string | null = null,
) {
  raw
    .prepare(
      'INSERT INTO variants (id, product_id, external_id, color, price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, 100, ?, ?)',
    )
    .run(id, productId, sku, color, 't', 't');
}

function search(raw: BetterSqlite3.Database, match: string): string[] {
  return raw
    .prepare(
      'SELECT d.variant_id FROM catalog_search JOIN catalog_search_docs d ON d.doc_id = catalog_search.rowid WHERE catalog_search MATCH ? ORDER BY d.variant_id',
    )
    .pluck()
    .all(match) as string[];
}

function customers(raw: BetterSqlite3.Database, match: string): string[] {
  return raw
    .prepare(
      'SELECT d.customer_id FROM customer_search JOIN customer_search_docs d ON d.doc_id = customer_search.rowid WHERE customer_search MATCH ? ORDER BY d.customer_id',
    )
    .pluck()
    .all(match) as string[];
}

/** FTS5's own check that the index matches its external content exactly. */
function integrityCheck(raw: BetterSqlite3.Database) {
  raw.prepare("INSERT INTO catalog_search (catalog_search, rank) VALUES ('integrity-check', 1)").run();
  raw.prepare("INSERT INTO customer_search (customer_search, rank) VALUES ('integrity-check', 1)").run();
}

describe('0003_catalog_search', () => {
  it('indexes variants that existed before the migration, with their barcodes', async () => {
    const raw = await migrated(UPTO_0002);
    addProduct(raw, 'p1', 'Calça Jeans Básica', 'Hering');
    addVariant(raw, 'v1', 'p1', 'CAL-001-AZ', 'Azul');
    raw.prepare("INSERT INTO barcodes (code, variant_id, created_at) VALUES ('7891234567895', 'v1', 't')").run();
    raw
      .prepare("INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'Conceição Araújo', 't', 't')")
      .run();
    await migrateToLatest(new Db(raw), ALL);

    expect(search(raw, '"calca"*')).toEqual(['v1']);
    expect(search(raw, '"hering"')).toEqual(['v1']);
    expect(search(raw, '"789123"*')).toEqual(['v1']);
    expect(customers(raw, '"conceicao" "arau"*')).toEqual(['c1']);
    integrityCheck(raw);
  });

  it('matches prefixes without regard to case or accents, and SKUs by their parts', async () => {
    const raw = await migrated();
    addProduct(raw, 'p1', 'Tênis Esportivo Couro');
    addVariant(raw, 'v1', 'p1', 'TEN-040-PT', 'Preto');
    addProduct(raw, 'p2', 'Tenda de Praia');
    addVariant(raw, 'v2', 'p2', 'TND-1');
    expect(search(raw, '"TÊNIS"')).toEqual(['v1']);
    expect(search(raw, '"ten"*')).toEqual(['v1', 'v2']);
    expect(search(raw, '"ten-040"*')).toEqual(['v1']);
    expect(search(raw, '{color} : "pre"*')).toEqual(['v1']);
  });

  it('follows renames, moved and added barcodes, variant edits and deletes', async () => {
    const raw = await migrated();
    addProduct(raw, 'p1', 'Camisa Polo');
    addVariant(raw, 'v1', 'p1', 'CAM-1');
    addVariant(raw, 'v2', 'p1', 'CAM-2');
    raw.prepare("INSERT INTO barcodes (code, variant_id, created_at) VALUES ('111', 'v1', 't')").run();

    raw.prepare("UPDATE products SET name = 'Camiseta Regata' WHERE id = 'p1'").run();
    expect(search(raw, '"polo"')).toEqual([]);
    expect(search(raw, '"regata"')).toEqual(['v1', 'v2']);

    raw.prepare("UPDATE barcodes SET variant_id = 'v2' WHERE code = '111'").run();
    expect(search(raw, '"111"')).toEqual(['v2']);

    raw.prepare("UPDATE variants SET color = 'Verde', external_id = 'CAM-9' WHERE id = 'v1'").run();
    expect(search(raw, '"verde"')).toEqual(['v1']);
    expect(search(raw, '"cam-1"')).toEqual([]);
    expect(search(raw, '"cam-9"')).toEqual(['v1']);

    addProduct(raw, 'p2', 'Bermuda Sarja');
    raw.prepare("UPDATE variants SET product_id = 'p2' WHERE id = 'v2'").run();
    expect(search(raw, '"bermuda"')).toEqual(['v2']);

    raw.prepare("DELETE FROM barcodes WHERE code = '111'").run();
    expect(search(raw, '"111"')).toEqual([]);
    raw.prepare("DELETE FROM variants WHERE id = 'v1'").run();
    expect(search(raw, '"regata"')).toEqual([]);
    expect(raw.prepare('SELECT count(*) FROM catalog_search_docs').pluck().get()).toBe(1);
    integrityCheck(raw);
  });

  it('keeps the customer name index in step with inserts, renames and deletes', async () => {
    const raw = await migrated();
    const insert = raw.prepare("INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, 't', 't')");
    insert.run('c1', 'José Antônio');
    insert.run('c2', 'Josefa Lima');
    expect(customers(raw, '"jose"*')).toEqual(['c1', 'c2']);
    expect(customers(raw, '"antonio"')).toEqual(['c1']);
    raw.prepare("UPDATE customers SET name = 'Maria José' WHERE id = 'c2'").run();
    expect(customers(raw, '"lima"')).toEqual([]);
    expect(customers(raw, '"maria"')).toEqual(['c2']);
    raw.prepare("UPDATE customers SET email = 'x@y.com' WHERE id = 'c1'").run();
    raw.prepare("DELETE FROM customers WHERE id = 'c1'").run();
    expect(customers(raw, '"jose"*')).toEqual(['c2']);
    integrityCheck(raw);
  });
});
