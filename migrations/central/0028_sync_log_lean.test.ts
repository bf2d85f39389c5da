import { Migrator, sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';
import { centralMigrations } from './index';

describeEngines('central 0028_sync_log_lean', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0027_push_bookkeeping');
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede')`.execute(db);
    await sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id, device_seq)
      VALUES ('t1', 1, 'products', 'p1', 'insert', '{}', 'm1', 's1', 'd1', 7)`.execute(db);
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(centralMigrations) },
      migrationTableName: 'central_migrations',
      migrationLockTableName: 'central_migrations_lock',
    });
    const { error } = await migrator.migrateTo('0028_sync_log_lean');
    if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  }, 120_000);

  it('drops the primary key of sync_log and keeps its rows, the per-table index and the unique mutation id', async () => {
    const indexes = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'sync_log' ORDER BY indexname`.execute(db);
    expect(indexes.rows).toEqual([{ indexname: 'sync_log_mutation' }, { indexname: 'sync_log_table' }]);
    const log = await sql`SELECT tenant_id, seq::int AS seq, mutation_id FROM sync_log`.execute(db);
    expect(log.rows).toEqual([{ tenant_id: 't1', seq: 1, mutation_id: 'm1' }]);
    await expect(
      sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id, device_seq)
        VALUES ('t1', 2, 'products', 'p1', 'update', '{}', 'm1', 's1', 'd1', 8)`.execute(db),
    ).rejects.toThrow(/sync_log_mutation/);
  });
});
