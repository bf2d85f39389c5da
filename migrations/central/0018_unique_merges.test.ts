import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';
import { LOOKUPS } from './0018_unique_merges';

describeEngines('central 0018_unique_merges', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0018_unique_merges');
  }, 120_000);

  it('keeps merges under row-level security, admits merge in sync_log, and indexes every merged key per tenant', async () => {
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede')`.execute(db);
    const merge = (from: string, to: string) =>
      sql.raw(`INSERT INTO sync_merges (tenant_id, table_name, from_id, to_id, key_columns, device_id, seq)
        VALUES ('t1', 'customers', '${from}', '${to}', 'cpf', 'd1', 1)`);
    await merge('c2', 'c1').execute(db);
    await expect(merge('c2', 'c3').execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(merge('c4', 'c4').execute(db)).rejects.toThrow(/check/i);
    await sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
      VALUES ('t1', 1, 'customers', 'c2', 'merge', '{"merged_into":"c1"}', 'm1', 's1', 'd1')`.execute(db);
    await expect(
      sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
        VALUES ('t1', 2, 'customers', 'c2', 'delete', NULL, 'm2', 's1', 'd1')`.execute(db),
    ).rejects.toThrow(/check/i);
    const rls = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname = 'sync_merges'`.execute(db);
    expect(rls.rows).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_indexes WHERE indexname LIKE '%\\_merge\\_%'`.execute(db);
    expect(rows).toEqual([{ n: LOOKUPS.length }]);
  });
});
