import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0013_scheduling', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0013_scheduling');
  }, 120_000);

  it('admits package products and keeps appointment external ids unique per device', async () => {
    await sql`INSERT INTO products (tenant_id, id, name, kind, package_sessions, created_at, updated_at, store_id, device_id)
      VALUES ('t1', 'p1', 'Pacote', 'package', 5, 'x', 'x', 's1', 'd1')`.execute(db);
    await expect(
      sql`INSERT INTO products (tenant_id, id, name, kind, created_at, updated_at, store_id, device_id)
        VALUES ('t1', 'p2', 'X', 'other', 'x', 'x', 's1', 'd1')`.execute(db),
    ).rejects.toThrow(/check/i);
    const appointment = (id: string, device: string) => sql`INSERT INTO appointments
      (tenant_id, id, external_id, customer_id, product_id, professional_id, starts_at, ends_at, busy_until, status, created_at, updated_at, store_id, device_id)
      VALUES ('t1', ${id}, 'A1', 'c', 'p', 'pr', '2026-12-07T12:00:00Z', '2026-12-07T13:00:00Z', '2026-12-07T13:15:00Z', 'pendente', 'x', 'x', 's1', ${device})`;
    await appointment('a1', 'd1').execute(db);
    await appointment('a2', 'd2').execute(db);
    await expect(appointment('a3', 'd1').execute(db)).rejects.toThrow(/duplicate key|unique/i);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM appointments`.execute(db);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
