import { Migrator, sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';
import { centralMigrations } from './index';

describeEngines('central 0027_push_bookkeeping', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    // Bookkeeping written the old way (0026), then 0027 moves it.
    db = await migratedCentral(engine, '0026_store_logos');
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede'), ('t2', 'Outra')`.execute(db);
    await sql`INSERT INTO sync_counters (tenant_id, last_seq) VALUES ('t1', 1), ('t2', 0)`.execute(db);
    await sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
      VALUES ('t1', 1, 'products', 'p1', 'insert', '{}', 'm1', 's1', 'd1')`.execute(db);
    await sql`INSERT INTO applied_mutations (tenant_id, mutation_id, device_id, device_seq, status, seq, reject_code, reject_reason)
      VALUES ('t1', 'm1', 'd1', 7, 'applied', 1, NULL, NULL), ('t1', 'm2', 'd1', 8, 'rejected', NULL, 'unknown_row', 'products p9 does not exist')`.execute(
      db,
    );
    await sql`INSERT INTO sync_merges (tenant_id, table_name, from_id, to_id, key_columns, device_id, seq)
      VALUES ('t1', 'customers', 'c2', 'c1', 'cpf', 'd1', 1)`.execute(db);
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(centralMigrations) },
      migrationTableName: 'central_migrations',
      migrationLockTableName: 'central_migrations_lock',
    });
    const { error } = await migrator.migrateTo('0027_push_bookkeeping');
    if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  }, 120_000);

  it('moves applied mutations into the log (device_seq, one entry per mutation id) and keeps rejections apart', async () => {
    const log = await sql<{ mutation_id: string; device_seq: number }>`
      SELECT mutation_id, device_seq FROM sync_log ORDER BY seq`.execute(db);
    expect(log.rows).toEqual([{ mutation_id: 'm1', device_seq: 7 }]);
    await expect(
      sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id, device_seq)
        VALUES ('t1', 2, 'products', 'p1', 'update', '{}', 'm1', 's1', 'd1', 9)`.execute(db),
    ).rejects.toThrow(/sync_log_mutation/);
    const rejected =
      await sql`SELECT mutation_id, device_seq, reject_code, reject_reason FROM rejected_mutations`.execute(db);
    expect(rejected.rows).toEqual([
      { mutation_id: 'm2', device_seq: 8, reject_code: 'unknown_row', reject_reason: 'products p9 does not exist' },
    ]);
    const tables = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class WHERE relname = 'applied_mutations'`.execute(db);
    expect(tables.rows).toEqual([{ n: 0 }]);
    const rls = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname = 'rejected_mutations'`.execute(db);
    expect(rls.rows).toHaveLength(1);
  });

  it('marks the tenants that have merges on their counter row', async () => {
    const { rows } = await sql`SELECT tenant_id, has_merges FROM sync_counters ORDER BY tenant_id`.execute(db);
    expect(rows).toEqual([
      { tenant_id: 't1', has_merges: true },
      { tenant_id: 't2', has_merges: false },
    ]);
  });
});
