import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0017_shape_notify', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0017_shape_notify');
  }, 120_000);

  it('puts a NOTIFY trigger on sync_counters.last_seq that runs when the counter moves', async () => {
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede')`.execute(db);
    await sql`INSERT INTO sync_counters (tenant_id) VALUES ('t1')`.execute(db);
    await sql`UPDATE sync_counters SET last_seq = 5 WHERE tenant_id = 't1'`.execute(db);
    const { rows } = await sql<{ tgname: string; enabled: string }>`
      SELECT tgname, tgenabled AS enabled FROM pg_trigger WHERE tgrelid = 'sync_counters'::regclass AND NOT tgisinternal`.execute(
      db,
    );
    expect(rows).toEqual([{ tgname: 'sync_counters_notify', enabled: 'O' }]);
    const counter = await sql<{ last_seq: number }>`SELECT last_seq::int AS last_seq FROM sync_counters`.execute(db);
    expect(counter.rows).toEqual([{ last_seq: 5 }]);
  });
});
