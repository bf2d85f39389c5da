import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0020_audit_log', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0020_audit_log');
  }, 120_000);

  it('mirrors audit_log: (chain, seq) unique per device, kind checked, under row-level security', async () => {
    const insert = (id: string, device: string, seq: number, kind = 'write') =>
      sql.raw(`INSERT INTO audit_log (tenant_id, id, chain_id, seq, occurred_at, operation, kind, prev_hash, hash, store_id, device_id)
        VALUES ('t1', '${id}', 'c1', ${seq}, 'x', 'op', '${kind}', 'p', 'h', 's1', '${device}')`);
    await insert('a1', 'd1', 1).execute(db);
    await insert('a2', 'd2', 1).execute(db);
    await expect(insert('a3', 'd1', 1).execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(insert('a4', 'd1', 2, 'delete').execute(db)).rejects.toThrow(/check/i);
    const { rows } = await sql<{ changes: string }>`SELECT changes FROM audit_log WHERE id = 'a1'`.execute(db);
    expect(rows).toEqual([{ changes: '[]' }]);
    const rls = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname = 'audit_log'`.execute(db);
    expect(rls.rows).toHaveLength(1);
  });
});
