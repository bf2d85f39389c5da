import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0021_lgpd', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0021_lgpd');
  }, 120_000);

  it('mirrors consents (one person, known purpose) and privacy requests, under row-level security', async () => {
    const consent = (id: string, customer: string | null, lead: string | null, purpose = 'marketing') =>
      sql.raw(`INSERT INTO consents (tenant_id, id, customer_id, lead_id, purpose, text_shown, channel, granted_at, created_at, updated_at, store_id, device_id)
        VALUES ('t1', '${id}', ${customer ? `'${customer}'` : 'NULL'}, ${lead ? `'${lead}'` : 'NULL'}, '${purpose}', 'Aceito', 'presencial', 'x', 'x', 'x', 's1', 'd1')`);
    await consent('k1', 'c1', null).execute(db);
    await expect(consent('k2', 'c1', 'l1').execute(db)).rejects.toThrow(/check/i);
    await expect(consent('k3', 'c1', null, 'vendas').execute(db)).rejects.toThrow(/check/i);
    await sql
      .raw(
        `INSERT INTO privacy_requests (tenant_id, id, customer_id, request_type, received_at, due_date, created_at, updated_at, store_id, device_id)
      VALUES ('t1', 'r1', 'c1', 'acesso', 'x', '2026-12-15', 'x', 'x', 's1', 'd1')`,
      )
      .execute(db);
    const { rows } = await sql<{ status: string }>`SELECT status FROM privacy_requests`.execute(db);
    expect(rows).toEqual([{ status: 'aberta' }]);
    const rls = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname IN ('consents', 'privacy_requests') ORDER BY relname`.execute(
      db,
    );
    expect(rls.rows.map((r) => r.relname)).toEqual(['consents', 'privacy_requests']);
  });
});
