import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0001_tenancy', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0001_tenancy');
  }, 120_000);

  it('creates tenants, their stores, devices with a unique token hash, and enrolment codes', async () => {
    await sql`INSERT INTO tenants (id, name) VALUES ('t1', 'Rede X')`.execute(db);
    await sql`INSERT INTO tenant_stores (tenant_id, id, name) VALUES ('t1', 's1', 'Loja')`.execute(db);
    await sql`INSERT INTO devices (tenant_id, id, store_id, name, token_hash) VALUES ('t1', 'd1', 's1', 'Caixa', 'h1')`.execute(
      db,
    );
    const [device] = (
      await sql<{ last_device_seq: number; revoked_at: null }>`SELECT last_device_seq, revoked_at FROM devices`.execute(
        db,
      )
    ).rows;
    expect({ ...device, last_device_seq: Number(device?.last_device_seq) }).toEqual({
      last_device_seq: 0,
      revoked_at: null,
    });
    await expect(
      sql`INSERT INTO devices (tenant_id, id, store_id, name, token_hash) VALUES ('t1', 'd2', 's1', 'Caixa', 'h1')`.execute(
        db,
      ),
    ).rejects.toThrow(/unique/i);
    await expect(
      sql`INSERT INTO devices (tenant_id, id, store_id, name, token_hash) VALUES ('t1', 'd3', 'nope', 'Caixa', 'h3')`.execute(
        db,
      ),
    ).rejects.toThrow(/foreign key/i);
    await expect(sql`INSERT INTO tenants (id, name) VALUES ('t2', '')`.execute(db)).rejects.toThrow(/check/i);
    await expect(
      sql`INSERT INTO enrolment_codes (code_hash, tenant_id) VALUES ('c', 't1')`.execute(db),
    ).rejects.toThrow(/expires_at/);
  });

  it('creates the application role, which the owner can switch to but which does not own the tables', async () => {
    const { rows } = await sql<{ member: boolean; owner: string }>`
      SELECT pg_has_role(current_user, 'balcao_sync_app', 'MEMBER') AS member,
        (SELECT tableowner FROM pg_tables WHERE tablename = 'devices') AS owner`.execute(db);
    expect(rows[0]?.member).toBe(true);
    expect(rows[0]?.owner).not.toBe('balcao_sync_app');
  });
});
