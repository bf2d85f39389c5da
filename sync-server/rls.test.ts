import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { withTenant } from './db/central';
import type { CentralDb } from './db/schema';
import { asAppRoleWithoutTenant, describeEngines, migratedCentral } from './testing';

const LAST = '0003_sync_log';

async function seed(db: Kysely<CentralDb>) {
  for (const tenant of ['ta', 'tb']) {
    await sql`INSERT INTO tenants (id, name) VALUES (${tenant}, ${`Rede ${tenant}`})`.execute(db);
    await sql`INSERT INTO products (tenant_id, id, name, kind, created_at, updated_at, store_id, device_id)
      VALUES (${tenant}, ${`p-${tenant}`}, 'Camisa', 'goods', 'x', 'x', 's', 'd')`.execute(db);
  }
}

describeEngines('row-level security', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, LAST);
    await seed(db);
  }, 120_000);

  it('the app role without app.tenant_id sees no rows and cannot write', async () => {
    const seen = await asAppRoleWithoutTenant(db, async (trx) => ({
      user: (await sql<{ u: string }>`SELECT current_user AS u`.execute(trx)).rows[0]?.u,
      products: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM products`.execute(trx)).rows[0]?.n,
      tenants: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenants`.execute(trx)).rows[0]?.n,
    }));
    expect(seen).toEqual({ user: 'balcao_sync_app', products: 0, tenants: 0 });
    await expect(
      asAppRoleWithoutTenant(db, (trx) =>
        sql`INSERT INTO products (tenant_id, id, name, kind, created_at, updated_at, store_id, device_id)
          VALUES ('ta', 'p-new', 'X', 'goods', 'x', 'x', 's', 'd')`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('SET LOCAL app.tenant_id confines reads and writes to that tenant, and resets at commit', async () => {
    const ids = await withTenant(db, 'ta', async (trx) =>
      (await sql<{ id: string }>`SELECT id FROM products ORDER BY id`.execute(trx)).rows.map((r) => r.id),
    );
    expect(ids).toEqual(['p-ta']);
    await expect(
      withTenant(db, 'ta', (trx) =>
        sql`INSERT INTO products (tenant_id, id, name, kind, created_at, updated_at, store_id, device_id)
          VALUES ('tb', 'p-sneak', 'X', 'goods', 'x', 'x', 's', 'd')`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await withTenant(db, 'ta', (trx) =>
      sql`UPDATE products SET name = 'Tomada' WHERE id = 'p-tb'`.execute(trx),
    );
    expect(Number(updated.numAffectedRows)).toBe(0);
    const after = await sql<{
      u: string;
      t: string | null;
    }>`SELECT current_user AS u, current_setting('app.tenant_id', true) AS t`.execute(db);
    expect(after.rows[0]?.u).not.toBe('balcao_sync_app');
    expect(after.rows[0]?.t ?? '').toBe('');
  });

  it('every table with a tenant column has RLS on, a tenant policy, and an owner other than the app role', async () => {
    const { rows } = await sql<{ table: string; rls: boolean; policies: number; owner: string }>`
      SELECT c.relname AS table, c.relrowsecurity AS rls,
        (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
        pg_get_userbyid(c.relowner) AS owner
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
      ORDER BY c.relname`.execute(db);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const faulty = rows.filter((r) => !r.rls || r.policies < 1 || r.owner === 'balcao_sync_app');
    expect(faulty).toEqual([]);
  });
});
