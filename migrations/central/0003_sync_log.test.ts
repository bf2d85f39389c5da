import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0003_sync_log', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0003_sync_log');
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede')`.execute(db);
  }, 120_000);

  it('has one counter row per tenant and a log keyed by (tenant, seq)', async () => {
    await sql`INSERT INTO sync_counters (tenant_id) VALUES ('t1')`.execute(db);
    await expect(sql`INSERT INTO sync_counters (tenant_id) VALUES ('t1')`.execute(db)).rejects.toThrow(
      /duplicate key|unique/i,
    );
    await expect(sql`INSERT INTO sync_counters (tenant_id) VALUES ('nope')`.execute(db)).rejects.toThrow(
      /foreign key/i,
    );
    const log = (
      seq: number,
    ) => sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
      VALUES ('t1', ${seq}, 'products', 'p1', 'insert', '{"name":"Ação"}', ${`m${seq}`}, 's1', 'd1')`;
    await log(1).execute(db);
    await expect(log(1).execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(log(0).execute(db)).rejects.toThrow(/check/i);
    const { rows } = await sql<{ name: string }>`SELECT columns->>'name' AS name FROM sync_log`.execute(db);
    expect(rows).toEqual([{ name: 'Ação' }]);
  });

  it('records a mutation id once: applied with its seq, or rejected without one', async () => {
    const record = (id: string, status: string, seq: number | null) => sql`
      INSERT INTO applied_mutations (tenant_id, mutation_id, device_id, device_seq, status, seq, reject_code)
      VALUES ('t1', ${id}, 'd1', 1, ${status}, ${seq}, ${seq === null ? 'unknown_row' : null})`;
    await record('m1', 'applied', 1).execute(db);
    await record('m2', 'rejected', null).execute(db);
    await expect(record('m1', 'applied', 2).execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(record('m3', 'applied', null).execute(db)).rejects.toThrow(/check/i);
    await expect(record('m4', 'rejected', 5).execute(db)).rejects.toThrow(/check/i);
  });
});
