import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0008_barcode_removal', () => {
  it('keeps existing barcodes active and searchable, and stops indexing a code once inactive', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0008'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO products (id, name, kind, category, created_at, updated_at) VALUES ('p', 'Camisa', 'goods', 'C', 'x', 'x');
      INSERT INTO variants (id, product_id, external_id, price_cents, created_at, updated_at) VALUES ('v', 'p', 'SKU', 100, 'x', 'x');
      INSERT INTO barcodes (code, variant_id, created_at) VALUES ('789001', 'v', 'x'), ('789002', 'v', 'x');`);
    await migrateToLatest(db, deviceMigrations);
    const docs = () => raw.prepare(`SELECT barcodes FROM catalog_search_docs WHERE variant_id = 'v'`).pluck().get();
    const hits = (code: string) =>
      raw.prepare(`SELECT count(*) FROM catalog_search WHERE catalog_search MATCH ?`).pluck().get(`"${code}"`);
    expect(raw.prepare('SELECT code, active FROM barcodes ORDER BY code').all()).toEqual([
      { code: '789001', active: 1 },
      { code: '789002', active: 1 },
    ]);
    raw.exec(`UPDATE barcodes SET active = 0 WHERE code = '789001'`);
    expect(docs()).toBe('789002');
    expect(hits('789001')).toBe(0);
    expect(hits('789002')).toBe(1);
    // A later change to the variant must not bring the removed code back into the index.
    raw.exec(`UPDATE variants SET size = 'G' WHERE id = 'v'`);
    expect(docs()).toBe('789002');
    expect(() => raw.exec(`UPDATE barcodes SET active = 2 WHERE code = '789002'`)).toThrow(/CHECK/);
  });
});
