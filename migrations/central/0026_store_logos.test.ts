import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0026_store_logos', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0026_store_logos');
  }, 120_000);

  it('mirrors the store logo (PNG/JPEG, one per store of a tenant) under row-level security', async () => {
    const logo = (id: string, store: string, mime: string | null, data: string | null) =>
      sql.raw(`INSERT INTO store_logos (tenant_id, id, store_id, mime, logo_base64, created_at, updated_at, device_id)
        VALUES ('t1', '${id}', '${store}', ${mime ? `'${mime}'` : 'NULL'}, ${data ? `'${data}'` : 'NULL'}, 'x', 'x', 'd1')`);
    await logo('s1', 's1', 'image/png', 'iVBO').execute(db);
    await expect(logo('s2', 's2', 'image/gif', 'R0lG').execute(db)).rejects.toThrow(/check/i);
    await expect(logo('s3', 's3', 'image/png', null).execute(db)).rejects.toThrow(/check/i);
    await expect(logo('s4', 's5', 'image/png', 'iVBO').execute(db)).rejects.toThrow(/check/i);
    await logo('s6', 's6', null, null).execute(db);
    const rls = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname = 'store_logos'`.execute(db);
    expect(rls.rows.map((r) => r.relname)).toEqual(['store_logos']);
  });
});
