import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0014_leads', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0014_leads');
  }, 120_000);

  it('mirrors leads with the device defaults and CHECKs, external ids unique per device', async () => {
    const insert = (id: string, device: string, extra = '') =>
      sql.raw(`INSERT INTO leads (tenant_id, id, external_id, name, origin, created_at, updated_at, store_id, device_id${extra ? ', stage' : ''})
        VALUES ('t1', '${id}', 'E1', 'Ana', 'site', 'x', 'x', 's1', '${device}'${extra ? `, '${extra}'` : ''})`);
    await insert('l1', 'd1').execute(db);
    await insert('l2', 'd2').execute(db);
    const { rows } = await sql<{ stage: string; tags: string; bant_score: string }>`
      SELECT stage, tags, bant_score FROM leads WHERE id = 'l1'`.execute(db);
    expect(rows.map((r) => ({ ...r, bant_score: Number(r.bant_score) }))).toEqual([
      { stage: 'novo', tags: '[]', bant_score: 0 },
    ]);
    await expect(insert('l3', 'd1').execute(db)).rejects.toThrow(/duplicate key|unique/i);
    await expect(insert('l4', 'd3', 'ganho').execute(db)).rejects.toThrow(/check/i);
    await expect(
      sql`INSERT INTO lead_config (tenant_id, id, value, created_at, updated_at, store_id, device_id)
        VALUES ('t1', 'nope', '{}', 'x', 'x', 's1', 'd1')`.execute(db),
    ).rejects.toThrow(/check/i);
  });

  it('puts every leads table under row-level security', async () => {
    const { rows } = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname LIKE 'lead%' ORDER BY relname`.execute(db);
    expect(rows.map((r) => r.relname)).toEqual(['lead_activities', 'lead_config', 'lead_stage_changes', 'leads']);
  });
});
