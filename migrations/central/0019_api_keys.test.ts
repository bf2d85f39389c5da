import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { asAppRoleWithoutTenant, describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0019_api_keys', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0019_api_keys');
  }, 120_000);

  it('keeps API keys hashed and unique per tenant, under row-level security', async () => {
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede'), ('t2', 'Outra')`.execute(db);
    await sql`INSERT INTO api_keys (tenant_id, id, key_hash) VALUES ('t1', 'k1', 'h1')`.execute(db);
    await expect(
      sql`INSERT INTO api_keys (tenant_id, id, key_hash) VALUES ('t2', 'k2', 'h1')`.execute(db),
    ).rejects.toThrow(/duplicate key|unique/i);
    await expect(
      sql`INSERT INTO api_keys (tenant_id, id, key_hash) VALUES ('nope', 'k3', 'h3')`.execute(db),
    ).rejects.toThrow(/foreign key/i);
    const { rows } = await sql<{ revoked_at: Date | null }>`SELECT revoked_at FROM api_keys WHERE id = 'k1'`.execute(
      db,
    );
    expect(rows).toEqual([{ revoked_at: null }]);
    const hidden = await asAppRoleWithoutTenant(db, (trx) => sql`SELECT id FROM api_keys`.execute(trx));
    expect(hidden.rows).toEqual([]);
  });
});
