import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0004_sync_log_fact_reference', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0004_sync_log_fact_reference');
  }, 120_000);

  it('lets a log entry carry no columns (a fact, logged by reference)', async () => {
    const entry = (seq: number, columns: string | null) => sql`
      INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
      VALUES ('t1', ${seq}, 'sales', 's1', 'insert', ${columns}::jsonb, ${`m${seq}`}, 'st', 'd')`;
    await entry(1, null).execute(db);
    await entry(2, '{"name":"Loja"}').execute(db);
    const { rows } = await sql<{
      seq: number;
      columns: unknown;
    }>`SELECT seq::int AS seq, columns FROM sync_log ORDER BY seq`.execute(db);
    expect(rows).toEqual([
      { seq: 1, columns: null },
      { seq: 2, columns: { name: 'Loja' } },
    ]);
  });
});
