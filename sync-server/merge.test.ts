import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WireValue } from '../app/sync/protocol';
import { createEnrolmentCode } from './admin';
import { MERGE_KEYS } from './push/merge';
import type { SyncServer } from './server';
import { SYNCED_TABLES, loadCatalog, type Catalog, type SyncedTableName } from './synced-tables';
import { describeEngines, enrolledDevice, mutation, push, storeRow, testServer, type TestDevice } from './testing';

/**
 * Unique keys across desktops on the server: for EVERY merged key, two devices of one store
 * insert a row with the same key; the second is merged into the first (kept by the server's
 * order), its later update lands on the row kept, the merge is logged and listed. CHECK
 * constraints are dropped in this test database so one generic row fits every table (the merge
 * rule is what is tested; the CHECKs have their own migration tests).
 */
describeEngines('push: unique-key merges', (engine) => {
  let server: SyncServer;
  let catalog: Catalog;
  let first: TestDevice;
  let second: TestDevice;

  beforeAll(async () => {
    server = await testServer(engine);
    const db = server.central.db;
    catalog = await loadCatalog(db);
    const { rows } = await sql<{ conname: string; rel: string }>`
      SELECT conname, conrelid::regclass::text AS rel FROM pg_constraint
      WHERE contype = 'c' AND conrelid::regclass::text = ANY(${Object.keys(SYNCED_TABLES)}::text[])`.execute(db);
    for (const r of rows) await sql.raw(`ALTER TABLE "${r.rel}" DROP CONSTRAINT "${r.conname}"`).execute(db);
    first = await enrolledDevice(server);
    expect(
      (
        await push(server, first.token, {
          mutations: [mutation(first, 'stores', 'insert', first.storeId, storeRow(first.storeId, 'LJ01'))],
        })
      ).status,
    ).toBe(200);
    second = await joinedDevice(first.tenantId, 'LJ01');
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  /** A second device of the first one's store, enrolled with `join_store`. */
  async function joinedDevice(tenantId: string, storeCode: string): Promise<TestDevice> {
    const { enrolment_code } = await createEnrolmentCode(server.central.db, tenantId);
    const response = await fetch(`${server.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: enrolment_code,
        join_store: storeCode,
        device_id: 'dev-joined',
        device_name: 'Caixa 2',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; store_id: string };
    expect(body.store_id).toBe(first.storeId);
    return { tenantId, storeId: body.store_id, deviceId: 'dev-joined', token: body.token, seq: 1 };
  }

  /** A row of `table` with `key` set to `values`, every other NOT NULL column a placeholder. */
  function row(table: SyncedTableName, id: string, key: string[], values: WireValue[]): Record<string, WireValue> {
    const out: Record<string, WireValue> = {};
    for (const [column, info] of catalog.get(table)!.columns) {
      if (column === 'store_id') out[column] = first.storeId;
      else if (!info.nullable) out[column] = info.type === 'bigint' ? 1 : `x-${column}-${id}`;
    }
    key.forEach((column, i) => (out[column] = values[i]!));
    out[SYNCED_TABLES[table].key] = id;
    return out;
  }

  const cases = Object.entries(MERGE_KEYS).flatMap(([table, keys]) =>
    keys.map((key, n) => ({ table: table as SyncedTableName, key, n })),
  );

  it.each(cases)('$table ($key): the second device’s row merges into the first', async ({ table, key, n }) => {
    const values = key.map((column) =>
      column === 'store_id'
        ? first.storeId
        : catalog.get(table)!.columns.get(column)!.type === 'bigint'
          ? 70 + n
          : `K-${table}-${n}`,
    );
    // users.login is case-insensitive on the device: the second desktop typed it in capitals.
    const theirs = table === 'users' ? values.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : values;
    const kept = `${table}-${n}-a`;
    const merged = `${table}-${n}-b`;
    const a = await push(server, first.token, {
      mutations: [mutation(first, table, 'insert', kept, row(table, kept, key, values))],
    });
    expect(a.json.applied).toHaveLength(1);
    const insert = mutation(second, table, 'insert', merged, row(table, merged, key, theirs));
    const batch = [insert];
    const spare = [...catalog.get(table)!.columns].find(
      ([c, info]) => info.type === 'text' && info.nullable && !key.includes(c) && c !== 'store_id',
    );
    const isRecord = SYNCED_TABLES[table].kind === 'record';
    if (isRecord && spare) batch.push(mutation(second, table, 'update', merged, { [spare[0]]: 'depois' }));
    const b = await push(server, second.token, { mutations: batch });
    expect(b.status).toBe(200);
    expect(b.json.applied).toEqual(batch.map((m) => m.mutation_id));

    const db = server.central.db;
    const ids = await sql<{ id: string }>`
      SELECT id FROM ${sql.table(table)} WHERE tenant_id = ${first.tenantId} AND id IN (${kept}, ${merged})`.execute(
      db,
    );
    expect(ids.rows).toEqual([{ id: kept }]);
    const listed = await sql<{ to_id: string; key_columns: string }>`
      SELECT to_id, key_columns FROM sync_merges WHERE tenant_id = ${first.tenantId} AND from_id = ${merged}`.execute(
      db,
    );
    expect(listed.rows).toEqual([{ to_id: kept, key_columns: key.join(',') }]);
    const logged = await sql<{ op: string; row_id: string; columns: unknown }>`
      SELECT op, row_id, columns FROM sync_log WHERE tenant_id = ${first.tenantId} AND mutation_id = ${insert.mutation_id}`.execute(
      db,
    );
    expect(logged.rows).toEqual([{ op: 'merge', row_id: merged, columns: { merged_into: kept } }]);
    if (isRecord && spare) {
      const after = await sql<Record<string, string>>`
        SELECT ${sql.ref(spare[0])} AS v FROM ${sql.table(table)} WHERE tenant_id = ${first.tenantId} AND id = ${kept}`.execute(
        db,
      );
      expect(after.rows).toEqual([{ v: 'depois' }]);
    }
  });

  it('references follow: a merged customer’s sale points at the kept one; a merged sale’s items merge by line', async () => {
    const key = ['cpf'];
    await push(server, first.token, {
      mutations: [mutation(first, 'customers', 'insert', 'cust-a', row('customers', 'cust-a', key, ['52998224725']))],
    });
    const sale = (id: string, ext: string) => ({ ...row('sales', id, ['external_id'], [ext]), customer_id: 'cust-b' });
    const item = (id: string, saleId: string) => row('sale_items', id, ['sale_id', 'line_no'], [saleId, 1]);
    const b = await push(server, second.token, {
      mutations: [
        mutation(second, 'customers', 'insert', 'cust-b', row('customers', 'cust-b', key, ['52998224725'])),
        mutation(second, 'sales', 'insert', 'sale-b', sale('sale-b', 'VENDA-B')),
        mutation(second, 'sale_items', 'insert', 'item-b', item('item-b', 'sale-b')),
      ],
    });
    expect(b.json.applied).toHaveLength(3);
    const db = server.central.db;
    const customer = await sql<{ customer_id: string }>`
      SELECT customer_id FROM sales WHERE tenant_id = ${first.tenantId} AND id = 'sale-b'`.execute(db);
    expect(customer.rows).toEqual([{ customer_id: 'cust-a' }]);
    // The same sale (same idempotency key) sent by the first device later: merged, items too.
    const c = await push(server, first.token, {
      mutations: [
        mutation(first, 'sales', 'insert', 'sale-a', { ...sale('sale-a', 'VENDA-B'), customer_id: 'cust-a' }),
        mutation(first, 'sale_items', 'insert', 'item-a', item('item-a', 'sale-a')),
      ],
    });
    expect(c.json.applied).toHaveLength(2);
    const items = await sql<{ id: string; sale_id: string }>`
      SELECT id, sale_id FROM sale_items WHERE tenant_id = ${first.tenantId} AND id IN ('item-a', 'item-b')`.execute(
      db,
    );
    expect(items.rows).toEqual([{ id: 'item-b', sale_id: 'sale-b' }]);
    const merges = await sql<{ from_id: string; to_id: string }>`
      SELECT from_id, to_id FROM sync_merges WHERE tenant_id = ${first.tenantId} AND from_id IN ('cust-b', 'sale-a', 'item-a') ORDER BY from_id`.execute(
      db,
    );
    expect(merges.rows).toEqual([
      { from_id: 'cust-b', to_id: 'cust-a' },
      { from_id: 'item-a', to_id: 'item-b' },
      { from_id: 'sale-a', to_id: 'sale-b' },
    ]);
  });

  it('a merged sale with several lines: each line merges into the kept sale’s line of its number, a new number is inserted', async () => {
    // Several lines of one sale are probed once per sale (the key's first column), then matched
    // on (sale_id, line_no) in the push; a line stored under its own id is not merged.
    const sale = (id: string) => row('sales', id, ['external_id'], ['VENDA-LINHAS']);
    const line = (id: string, saleId: string, no: number) =>
      row('sale_items', id, ['sale_id', 'line_no'], [saleId, no]);
    const a = await push(server, first.token, {
      mutations: [
        mutation(first, 'sales', 'insert', 'sale-l1', sale('sale-l1')),
        ...[1, 2, 3].map((no) => mutation(first, 'sale_items', 'insert', `l1-${no}`, line(`l1-${no}`, 'sale-l1', no))),
      ],
    });
    expect(a.json.applied).toHaveLength(4);
    const b = await push(server, second.token, {
      mutations: [
        mutation(second, 'sales', 'insert', 'sale-l2', sale('sale-l2')),
        ...[1, 2, 3, 4].map((no) =>
          mutation(second, 'sale_items', 'insert', `l2-${no}`, line(`l2-${no}`, 'sale-l2', no)),
        ),
        // Already stored under its own id (sent again under a new mutation id): not a merge.
        mutation(second, 'sale_items', 'insert', 'l1-2', line('l1-2', 'sale-l1', 2)),
      ],
    });
    expect(b.status).toBe(200);
    expect(b.json.rejected).toEqual([
      { mutation_id: expect.any(String), code: 'duplicate_row', reason: 'sale_items l1-2 already exists' },
    ]);
    const db = server.central.db;
    const lines = await sql<{ id: string; sale_id: string; line_no: string }>`
      SELECT id, sale_id, line_no::text FROM sale_items WHERE tenant_id = ${first.tenantId} AND id LIKE 'l_-%' ORDER BY id`.execute(
      db,
    );
    expect(lines.rows).toEqual([
      { id: 'l1-1', sale_id: 'sale-l1', line_no: '1' },
      { id: 'l1-2', sale_id: 'sale-l1', line_no: '2' },
      { id: 'l1-3', sale_id: 'sale-l1', line_no: '3' },
      { id: 'l2-4', sale_id: 'sale-l1', line_no: '4' },
    ]);
    const merges = await sql<{ from_id: string; to_id: string }>`
      SELECT from_id, to_id FROM sync_merges WHERE tenant_id = ${first.tenantId} AND from_id LIKE '%l2%' ORDER BY from_id`.execute(
      db,
    );
    expect(merges.rows).toEqual([
      { from_id: 'l2-1', to_id: 'l1-1' },
      { from_id: 'l2-2', to_id: 'l1-2' },
      { from_id: 'l2-3', to_id: 'l1-3' },
      { from_id: 'sale-l2', to_id: 'sale-l1' },
    ]);
  });

  it('a stored key with a NULL in a later column matches no insert, not even the text "null" (NULLs are distinct)', async () => {
    // Two rules of one scope in a batch: the key (scope, target) is led by a column of few values.
    const db = server.central.db;
    await sql`ALTER TABLE commission_rules ALTER COLUMN target DROP NOT NULL`.execute(db);
    await sql`INSERT INTO commission_rules (tenant_id, store_id, device_id, id, scope, target, rate_bp, active, created_at, updated_at)
      VALUES (${first.tenantId}, ${first.storeId}, ${first.deviceId}, 'rule-stored', 'NULLS', NULL, 100, 1, 'x', 'x')`.execute(
      db,
    );
    const key = ['scope', 'target'];
    const rules = ['null', 'other'].map((target) =>
      mutation(
        second,
        'commission_rules',
        'insert',
        `rule-${target}`,
        row('commission_rules', `rule-${target}`, key, ['NULLS', target]),
      ),
    );
    const b = await push(server, second.token, { mutations: rules });
    expect(b.status).toBe(200);
    expect(b.json.applied).toEqual(rules.map((m) => m.mutation_id));
    const stored = await sql<{ id: string; target: string | null }>`
      SELECT id, target FROM commission_rules WHERE tenant_id = ${first.tenantId} AND scope = 'NULLS' ORDER BY id`.execute(
      db,
    );
    expect(stored.rows).toEqual([
      { id: 'rule-null', target: 'null' },
      { id: 'rule-other', target: 'other' },
      { id: 'rule-stored', target: null },
    ]);
    const merges =
      await sql`SELECT from_id FROM sync_merges WHERE tenant_id = ${first.tenantId} AND from_id LIKE 'rule-%'`.execute(
        db,
      );
    expect(merges.rows).toEqual([]);
    await sql`DELETE FROM commission_rules WHERE tenant_id = ${first.tenantId} AND scope = 'NULLS'`.execute(db);
    await sql`ALTER TABLE commission_rules ALTER COLUMN target SET NOT NULL`.execute(db);
  });
});
