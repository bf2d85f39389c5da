import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { MAX_PUSH_BYTES } from '../app/sync/protocol';
import { revokeDevice } from './admin';
import type { SyncServer } from './server';
import {
  describeEngines,
  enrolledDevice,
  mutation,
  productRow,
  push,
  stockRow,
  storeRow,
  testServer,
  type TestDevice,
} from './testing';

async function rows(server: SyncServer, query: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(query).execute(server.central.db)).rows;
}

async function logOf(server: SyncServer, tenantId: string) {
  return rows(server, `SELECT seq, mutation_id FROM sync_log WHERE tenant_id = '${tenantId}' ORDER BY seq`);
}

describeEngines('POST /v1/push', (engine) => {
  let server: SyncServer;
  let device: TestDevice;
  beforeAll(async () => {
    server = await testServer(engine);
  }, 120_000);

  async function freshDevice() {
    device = await enrolledDevice(server);
    const first = await push(server, device.token, {
      mutations: [mutation(device, 'stores', 'insert', device.storeId, storeRow(device.storeId))],
    });
    expect(first.status).toBe(200);
    return device;
  }

  it('applies facts once, merges record columns in order, and logs every change gap-free', async () => {
    const d = await freshDevice();
    const batch = [
      mutation(d, 'products', 'insert', 'p1', productRow('p1')),
      mutation(d, 'products', 'update', 'p1', { name: 'Camisa azul', brand: 'Marca' }),
      mutation(d, 'stock_movements', 'insert', 'sm1', stockRow('sm1', d.storeId, 2500)),
      mutation(d, 'products', 'update', 'p1', { name: 'Camisa verde' }),
    ];
    const first = await push(server, d.token, { mutations: batch });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ applied: batch.map((m) => m.mutation_id), skipped: [], rejected: [] });
    const [product] = await rows(
      server,
      `SELECT name, brand, category, active, store_id, device_id FROM products WHERE tenant_id = '${d.tenantId}'`,
    );
    expect(product).toEqual({
      name: 'Camisa verde',
      brand: 'Marca',
      category: '',
      active: 1,
      store_id: d.storeId,
      device_id: d.deviceId,
    });
    const [stock] = await rows(
      server,
      `SELECT qty_milli, store_id FROM stock_movements WHERE tenant_id = '${d.tenantId}'`,
    );
    expect(stock).toEqual({ qty_milli: 2500, store_id: d.storeId });
    expect((await logOf(server, d.tenantId)).map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    // Facts are logged by reference (their row never changes); records with the columns set.
    const logged = await rows(
      server,
      `SELECT table_name, op, columns FROM sync_log WHERE tenant_id = '${d.tenantId}' AND seq > 1 ORDER BY seq`,
    );
    expect(logged).toEqual([
      { table_name: 'products', op: 'insert', columns: productRow('p1') },
      { table_name: 'products', op: 'update', columns: { name: 'Camisa azul', brand: 'Marca' } },
      { table_name: 'stock_movements', op: 'insert', columns: null },
      { table_name: 'products', op: 'update', columns: { name: 'Camisa verde' } },
    ]);
  });

  it('skips a replayed batch: same answer as skipped, nothing written twice', async () => {
    const d = await freshDevice();
    const batch = [
      mutation(d, 'products', 'insert', 'p1', productRow('p1')),
      mutation(d, 'stock_movements', 'insert', 'sm1', stockRow('sm1', d.storeId)),
    ];
    expect((await push(server, d.token, { mutations: batch })).status).toBe(200);
    const again = await push(server, d.token, { mutations: batch });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ applied: [], skipped: batch.map((m) => m.mutation_id), rejected: [] });
    expect(await logOf(server, d.tenantId)).toHaveLength(3);
    // A batch that overlaps the last one: the seen part is skipped, the rest applied.
    const next = mutation(d, 'products', 'update', 'p1', { name: 'Outra' });
    const overlap = await push(server, d.token, { mutations: [batch[1], next] });
    expect(overlap.json).toEqual({ applied: [next.mutation_id], skipped: [batch[1]!.mutation_id], rejected: [] });
  });

  it('logs each entry with its own table, op and device_seq when they differ (a refused one in between), and a replay skips them', async () => {
    const d = await freshDevice();
    const batch = [
      mutation(d, 'stock_movements', 'insert', 'sm-log-a', stockRow('sm-log-a', d.storeId)),
      mutation(d, 'products', 'update', 'nope', { name: 'X' }),
      mutation(d, 'products', 'insert', 'p-log', productRow('p-log')),
      mutation(d, 'stock_movements', 'insert', 'sm-log-b', stockRow('sm-log-b', d.storeId)),
    ];
    const first = await push(server, d.token, { mutations: batch });
    expect(first.json.applied).toEqual([batch[0], batch[2], batch[3]].map((m) => m!.mutation_id));
    const logged = await rows(
      server,
      `SELECT seq::int AS seq, table_name, op, row_id, device_seq::int AS device_seq FROM sync_log
       WHERE tenant_id = '${d.tenantId}' AND seq > 1 ORDER BY seq`,
    );
    const seq0 = batch[0]!.device_seq;
    expect(logged).toEqual([
      { seq: 2, table_name: 'stock_movements', op: 'insert', row_id: 'sm-log-a', device_seq: seq0 },
      { seq: 3, table_name: 'products', op: 'insert', row_id: 'p-log', device_seq: seq0 + 2 },
      { seq: 4, table_name: 'stock_movements', op: 'insert', row_id: 'sm-log-b', device_seq: seq0 + 3 },
    ]);
    const again = await push(server, d.token, { mutations: batch });
    expect(again.json.skipped).toEqual([batch[0], batch[2], batch[3]].map((m) => m!.mutation_id));
    expect(again.json.rejected?.map((r) => r.code)).toEqual(['unknown_row']);
  });

  it('last writer wins in the server order, column by column, across devices of a tenant', async () => {
    const a = await freshDevice();
    const b = await enrolledDevice(server, a.tenantId);
    await push(server, a.token, { mutations: [mutation(a, 'products', 'insert', 'p9', productRow('p9'))] });
    await push(server, b.token, { mutations: [mutation(b, 'products', 'update', 'p9', { name: 'Nome de B' })] });
    await push(server, a.token, { mutations: [mutation(a, 'products', 'update', 'p9', { brand: 'Marca de A' })] });
    await push(server, a.token, { mutations: [mutation(a, 'products', 'update', 'p9', { name: 'Nome de A' })] });
    await push(server, b.token, { mutations: [mutation(b, 'products', 'update', 'p9', { brand: 'Marca de B' })] });
    const [product] = await rows(
      server,
      `SELECT name, brand, device_id FROM products WHERE tenant_id = '${a.tenantId}' AND id = 'p9'`,
    );
    expect(product).toEqual({ name: 'Nome de A', brand: 'Marca de B', device_id: a.deviceId });
  });

  it('rejects single mutations with reasons and applies the rest', async () => {
    const d = await freshDevice();
    const sale = mutation(d, 'stock_movements', 'insert', 'sm1', stockRow('sm1', d.storeId));
    const updateFact = mutation(d, 'stock_movements', 'update', 'sm1', { qty_milli: 5 });
    const unknownRow = mutation(d, 'products', 'update', 'nope', { name: 'X' });
    const duplicate = mutation(d, 'stock_movements', 'insert', 'sm1', stockRow('sm1', d.storeId, 7));
    const result = await push(server, d.token, { mutations: [sale, updateFact, unknownRow, duplicate] });
    expect(result.status).toBe(200);
    expect(result.json.applied).toEqual([sale.mutation_id]);
    expect(result.json.rejected).toEqual([
      { mutation_id: updateFact.mutation_id, code: 'immutable_fact', reason: expect.any(String) },
      { mutation_id: unknownRow.mutation_id, code: 'unknown_row', reason: expect.any(String) },
      { mutation_id: duplicate.mutation_id, code: 'duplicate_row', reason: expect.any(String) },
    ]);
    const [stock] = await rows(server, `SELECT qty_milli FROM stock_movements WHERE tenant_id = '${d.tenantId}'`);
    expect(stock).toEqual({ qty_milli: 1000 });
    // Resent, a rejected mutation gets the same rejection again.
    const again = await push(server, d.token, { mutations: [unknownRow] });
    expect(again.json.rejected).toEqual([
      { mutation_id: unknownRow.mutation_id, code: 'unknown_row', reason: expect.any(String) },
    ]);
  });

  it('rejects a fact already stored inside a large batch (plain insert falls back) and applies the rest', async () => {
    const d = await freshDevice();
    const stored = mutation(d, 'stock_movements', 'insert', 'big-0', stockRow('big-0', d.storeId));
    expect((await push(server, d.token, { mutations: [stored] })).json.applied).toEqual([stored.mutation_id]);
    const batch = Array.from({ length: 120 }, (_, i) =>
      mutation(d, 'stock_movements', 'insert', `big-${i}`, stockRow(`big-${i}`, d.storeId, 2000)),
    );
    const result = await push(server, d.token, { mutations: batch });
    expect(result.status).toBe(200);
    expect(result.json.applied).toEqual(batch.slice(1).map((m) => m.mutation_id));
    expect(result.json.rejected).toEqual([
      { mutation_id: batch[0]!.mutation_id, code: 'duplicate_row', reason: 'stock_movements big-0 already exists' },
    ]);
    const [counts] = await rows(
      server,
      `SELECT count(*)::int AS n, sum(qty_milli)::int AS qty FROM stock_movements WHERE tenant_id = '${d.tenantId}'`,
    );
    expect(counts).toEqual({ n: 120, qty: 1000 + 119 * 2000 });
    expect(await logOf(server, d.tenantId)).toHaveLength(1 + 1 + 119);
  });

  it('logs a large fact batch (its INSERT run with the log statement) entry by entry, row ids in order', async () => {
    const d = await freshDevice();
    const batch = Array.from({ length: 100 }, (_, i) =>
      mutation(d, 'stock_movements', 'insert', `bulk-${i}`, stockRow(`bulk-${i}`, d.storeId, 1000 + i)),
    );
    expect((await push(server, d.token, { mutations: batch })).json.applied).toEqual(batch.map((m) => m.mutation_id));
    const logged = await rows(
      server,
      `SELECT row_id, mutation_id, device_seq::int AS device_seq FROM sync_log WHERE tenant_id = '${d.tenantId}' AND seq > 1 ORDER BY seq`,
    );
    expect(logged).toEqual(
      batch.map((m) => ({ row_id: m.row_id, mutation_id: m.mutation_id, device_seq: m.device_seq })),
    );
    const [stock] = await rows(
      server,
      `SELECT count(*)::int AS n, sum(qty_milli)::int AS qty FROM stock_movements WHERE tenant_id = '${d.tenantId}'`,
    );
    expect(stock).toEqual({ n: 100, qty: 100 * 1000 + 4950 });
  });

  it('refuses an id rejected before that comes back under a new device_seq, even if it would apply now', async () => {
    const d = await freshDevice();
    const early = mutation(d, 'products', 'update', 'p-late', { name: 'Antes' });
    expect((await push(server, d.token, { mutations: [early] })).json.rejected?.[0]?.code).toBe('unknown_row');
    const create = mutation(d, 'products', 'insert', 'p-late', productRow('p-late'));
    expect((await push(server, d.token, { mutations: [create] })).json.applied).toEqual([create.mutation_id]);
    const resent = await push(server, d.token, { mutations: [{ ...early, device_seq: d.seq++ }] });
    expect({ status: resent.status, error: resent.json.error }).toEqual({
      status: 409,
      error: { code: 'replay_mismatch', message: expect.any(String), mutation_id: early.mutation_id },
    });
    expect(await rows(server, `SELECT name FROM products WHERE tenant_id = '${d.tenantId}'`)).toEqual([
      { name: 'Camisa' },
    ]);
    expect(await logOf(server, d.tenantId)).toHaveLength(2);
  });

  it('refuses malformed JSON, unknown tables and columns and wrong types, applying nothing', async () => {
    const d = await freshDevice();
    const good = mutation(d, 'products', 'insert', 'p1', productRow('p1'));
    const cases: [unknown, number, string][] = [
      ['{"mutations": [', 400, 'invalid_json'],
      [{ mutations: 'x' }, 400, 'invalid_request'],
      [{ mutations: [good, { ...mutation(d, 'secrets', 'insert', 'x', { id: 'x' }) }] }, 422, 'unknown_table'],
      [{ mutations: [good, mutation(d, 'products', 'update', 'p1', { colour: 'x' })] }, 422, 'unknown_column'],
      [{ mutations: [good, mutation(d, 'products', 'update', 'p1', { active: 'yes' })] }, 422, 'wrong_type'],
      [{ mutations: [good, mutation(d, 'products', 'update', 'p1', { active: 1.5 })] }, 422, 'wrong_type'],
      [{ mutations: [good, mutation(d, 'products', 'update', 'p1', { name: null })] }, 422, 'wrong_type'],
      [{ mutations: [good, mutation(d, 'products', 'update', 'p1', { device_id: 'x' })] }, 422, 'unknown_column'],
      // A CHECK broken by the last row: the database refuses the batch, nothing stays.
      [
        { mutations: [good, mutation(d, 'products', 'insert', 'p2', { ...productRow('p2'), kind: 'magic' })] },
        422,
        'constraint_violation',
      ],
    ];
    for (const [body, status, code] of cases) {
      const result = await push(server, d.token, body);
      expect({ status: result.status, code: result.json.error?.code }).toEqual({ status, code });
    }
    // A batch refused because of one mutation names it, so the device can set just that one aside.
    const culprit = mutation(d, 'products', 'update', 'p1', { colour: 'x' });
    const named = await push(server, d.token, { mutations: [good, culprit] });
    expect(named.json.error).toEqual({
      code: 'unknown_column',
      message: expect.any(String),
      mutation_id: culprit.mutation_id,
    });
    const badShape = await push(server, d.token, { mutations: [good, { ...culprit, op: 'delete' }] });
    expect(badShape.json.error).toEqual({
      code: 'invalid_request',
      message: expect.any(String),
      mutation_id: culprit.mutation_id,
    });
    expect(await rows(server, `SELECT id FROM products WHERE tenant_id = '${d.tenantId}'`)).toEqual([]);
    expect(await logOf(server, d.tenantId)).toHaveLength(1);
    expect((await push(server, d.token, { mutations: [good] })).json.applied).toEqual([good.mutation_id]);
  });

  it('refuses reordered and tampered replays with 409', async () => {
    const d = await freshDevice();
    const early = mutation(d, 'products', 'insert', 'p1', productRow('p1'));
    const late = mutation(d, 'products', 'insert', 'p2', productRow('p2'));
    expect((await push(server, d.token, { mutations: [late] })).status).toBe(200);
    const reordered = await push(server, d.token, { mutations: [early] });
    expect({ status: reordered.status, code: reordered.json.error?.code }).toEqual({
      status: 409,
      code: 'out_of_order',
    });
    const backwards = await push(server, d.token, {
      mutations: [
        mutation(d, 'products', 'insert', 'p3', productRow('p3')),
        { ...mutation(d, 'products', 'insert', 'p4', productRow('p4')), device_seq: 1 },
      ],
    });
    expect(backwards.json.error?.code).toBe('out_of_order');
    const tampered = await push(server, d.token, { mutations: [{ ...late, device_seq: late.device_seq + 50 }] });
    expect(tampered.status).toBe(409);
    expect(tampered.json.error).toEqual({
      code: 'replay_mismatch',
      message: expect.any(String),
      mutation_id: late.mutation_id,
    });
    expect((await push(server, d.token, { mutations: [{ ...late, device_seq: 1 }] })).json.error?.code).toBe(
      'replay_mismatch',
    );
    expect(await rows(server, `SELECT id FROM products WHERE tenant_id = '${d.tenantId}' ORDER BY id`)).toEqual([
      { id: 'p2' },
    ]);
    // A fact resent under a new device_seq: refused whole, no duplicate, no log entry.
    const fact = mutation(d, 'stock_movements', 'insert', 'sm-t', stockRow('sm-t', d.storeId));
    expect((await push(server, d.token, { mutations: [fact] })).json.applied).toEqual([fact.mutation_id]);
    const again = await push(server, d.token, { mutations: [{ ...fact, device_seq: fact.device_seq + 50 }] });
    expect(again.json.error?.code).toBe('replay_mismatch');
    expect(await logOf(server, d.tenantId)).toHaveLength(3);
  });

  it('answers 413 above 1,000 mutations or 5 MB, and keeps serving', async () => {
    const d = await freshDevice();
    const many = Array.from({ length: 1001 }, (_, i) =>
      mutation(d, 'products', 'insert', `p${i}`, productRow(`p${i}`)),
    );
    const tooMany = await push(server, d.token, { mutations: many });
    expect({ status: tooMany.status, code: tooMany.json.error?.code }).toEqual({
      status: 413,
      code: 'too_many_mutations',
    });
    const big = mutation(d, 'products', 'insert', 'big', { ...productRow('big'), name: 'x'.repeat(MAX_PUSH_BYTES) });
    const tooBig = await push(server, d.token, { mutations: [big] });
    expect({ status: tooBig.status, code: tooBig.json.error?.code }).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect((await push(server, d.token, { mutations: many.slice(0, 1000) })).json.applied).toHaveLength(1000);
  });

  it('refuses unknown and revoked tokens with 401', async () => {
    const d = await freshDevice();
    expect((await push(server, 'bst_nope', { mutations: [] })).json.error?.code).toBe('unauthorized');
    expect((await revokeDevice(server.central.db, d.deviceId)).revoked).toBe(1);
    const revoked = await push(server, d.token, {
      mutations: [mutation(d, 'products', 'insert', 'p1', productRow('p1'))],
    });
    expect({ status: revoked.status, code: revoked.json.error?.code }).toEqual({ status: 401, code: 'token_revoked' });
    expect(await rows(server, `SELECT id FROM products WHERE tenant_id = '${d.tenantId}'`)).toEqual([]);
  });

  it('isolates tenants: a token of A naming B (tenant or store) is refused and B is untouched', async () => {
    const a = await freshDevice();
    const b = await freshDevice();
    await push(server, b.token, {
      mutations: [mutation(b, 'products', 'insert', 'shared', productRow('shared', 'De B'))],
    });
    const foreignTenant = await push(server, a.token, {
      mutations: [mutation(a, 'products', 'insert', 'x', { ...productRow('x'), tenant_id: b.tenantId })],
    });
    expect({ status: foreignTenant.status, code: foreignTenant.json.error?.code }).toEqual({
      status: 403,
      code: 'foreign_tenant',
    });
    // The same id in A is A's own row: B's row cannot be reached.
    const sameId = mutation(a, 'products', 'insert', 'shared', productRow('shared', 'De A'));
    expect((await push(server, a.token, { mutations: [sameId] })).json.applied).toEqual([sameId.mutation_id]);
    const names = await rows(server, `SELECT tenant_id, name FROM products WHERE id = 'shared' ORDER BY name`);
    expect(names).toEqual([
      { tenant_id: a.tenantId, name: 'De A' },
      { tenant_id: b.tenantId, name: 'De B' },
    ]);
    // Naming B's store is naming a row of B.
    const bStore = await push(server, a.token, {
      mutations: [mutation(a, 'stock_movements', 'insert', 'sm-b', stockRow('sm-b', b.storeId))],
    });
    expect({ status: bStore.status, code: bStore.json.error?.code }).toEqual({ status: 403, code: 'foreign_tenant' });
    const bStoreEdit = await push(server, a.token, {
      mutations: [mutation(a, 'stores', 'update', b.storeId, { name: 'X' })],
    });
    expect(bStoreEdit.json.error?.code).toBe('foreign_tenant');
    expect(await rows(server, `SELECT id FROM stock_movements WHERE id = 'sm-b'`)).toEqual([]);
    const [bLog] = await rows(server, `SELECT count(*)::int AS n FROM sync_log WHERE tenant_id = '${b.tenantId}'`);
    expect(bLog).toEqual({ n: 2 });
  });

  it('refuses rows naming another store of the same tenant', async () => {
    const a = await freshDevice();
    const b = await enrolledDevice(server, a.tenantId);
    await push(server, b.token, {
      mutations: [mutation(b, 'stores', 'insert', b.storeId, storeRow(b.storeId, 'LJ02'))],
    });
    const stock = mutation(a, 'stock_movements', 'insert', 'sm-x', stockRow('sm-x', b.storeId));
    const storeEdit = mutation(a, 'stores', 'update', b.storeId, { name: 'Tomada' });
    const register = mutation(a, 'registers', 'insert', 'r1', {
      id: 'r1',
      store_id: b.storeId,
      code: 'CX9',
      name: 'Caixa',
      created_at: 'x',
    });
    const own = mutation(a, 'stock_movements', 'insert', 'sm-a', stockRow('sm-a', a.storeId));
    const result = await push(server, a.token, { mutations: [stock, storeEdit, register, own] });
    expect(result.json.applied).toEqual([own.mutation_id]);
    expect(result.json.rejected?.map((r) => [r.mutation_id, r.code])).toEqual([
      [stock.mutation_id, 'foreign_store'],
      [storeEdit.mutation_id, 'foreign_store'],
      [register.mutation_id, 'foreign_store'],
    ]);
    const [bStore] = await rows(
      server,
      `SELECT name FROM stores WHERE tenant_id = '${a.tenantId}' AND id = '${b.storeId}'`,
    );
    expect(bStore).toEqual({ name: 'Loja Centro' });
    // A register of B's store, updated by A without naming the store, is refused too.
    await push(server, b.token, {
      mutations: [
        mutation(b, 'registers', 'insert', 'rb', {
          id: 'rb',
          store_id: b.storeId,
          code: 'CX1',
          name: 'Caixa B',
          created_at: 'x',
        }),
      ],
    });
    const sneaky = await push(server, a.token, {
      mutations: [mutation(a, 'registers', 'update', 'rb', { name: 'De A' })],
    });
    expect(sneaky.json.rejected?.map((r) => r.code)).toEqual(['foreign_store']);
  });
});
