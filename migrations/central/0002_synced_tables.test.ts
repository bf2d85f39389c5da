import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

const insertProduct = (device: string, id: string, sku: string) => sql`
  INSERT INTO products (tenant_id, id, external_id, name, kind, created_at, updated_at, store_id, device_id)
  VALUES ('t1', ${id}, ${sku}, 'Camisa', 'goods', 'x', 'x', 's1', ${device})`;

describeEngines('central 0002_synced_tables', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0002_synced_tables');
  }, 120_000);

  it('keys rows by tenant, with the device defaults and CHECKs', async () => {
    await insertProduct('d1', 'p1', 'A').execute(db);
    await sql`INSERT INTO products (tenant_id, id, name, kind, created_at, updated_at, store_id, device_id)
      VALUES ('t2', 'p1', 'Outra rede', 'goods', 'x', 'x', 's9', 'd9')`.execute(db);
    const { rows } = await sql<{
      category: string;
      active: number;
    }>`SELECT category, active FROM products WHERE tenant_id = 't1'`.execute(db);
    expect(rows).toEqual([{ category: '', active: 1 }]);
    await expect(insertProduct('d1', 'p1', 'B').execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(
      sql`INSERT INTO variants (tenant_id, id, product_id, external_id, price_cents, created_at, updated_at, store_id, device_id)
        VALUES ('t1', 'v1', 'p1', 'A-1', -1, 'x', 'x', 's1', 'd1')`.execute(db),
    ).rejects.toThrow(/check/i);
  });

  it("scopes a device's UNIQUE to the device and checks it at commit", async () => {
    await insertProduct('d2', 'p2', 'SAME').execute(db);
    await insertProduct('d3', 'p3', 'SAME').execute(db);
    await expect(insertProduct('d2', 'p4', 'SAME').execute(db)).rejects.toThrow(/unique/i);
    // Deferred: a swap inside one transaction passes.
    await db.transaction().execute(async (trx) => {
      await insertProduct('d4', 'p5', 'X').execute(trx);
      await insertProduct('d4', 'p6', 'Y').execute(trx);
      await sql`UPDATE products SET external_id = 'Y' WHERE id = 'p5'`.execute(trx);
      await sql`UPDATE products SET external_id = 'X' WHERE id = 'p6'`.execute(trx);
    });
  });

  it('keys barcodes by code', async () => {
    const { rows } = await sql<{ column_name: string }>`
      SELECT a.attname AS column_name FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = 'barcodes'::regclass AND i.indisprimary ORDER BY a.attname`.execute(db);
    expect(rows.map((r) => r.column_name)).toEqual(['code', 'tenant_id']);
  });
});
