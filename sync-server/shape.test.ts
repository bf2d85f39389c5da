import { ShapeStream, isChangeMessage, isControlMessage, type Message, type Row } from '@electric-sql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SyncServer } from './server';
import { shapeHandle } from './shape/shape';
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

// Small pages so a few rows span several; live requests held 1.5 s instead of 20 s.
process.env.SYNC_SHAPE_PAGE_ROWS = '3';
process.env.SYNC_LONG_POLL_MS = '1500';

type Seen = { messages: Message<Row<unknown>>[]; upToDates: number };

/** Runs the real ShapeStream until `until(seen)` holds after an up-to-date; returns what it saw. */
function follow(
  server: SyncServer,
  token: string,
  table: string,
  until: (seen: Seen) => boolean,
  options: { offset?: string; handle?: string } = {},
): Promise<Seen & { handle?: string; offset: string }> {
  const controller = new AbortController();
  const stream = new ShapeStream({
    url: `${server.url}/v1/shape`,
    params: { table },
    headers: { Authorization: `Bearer ${token}` },
    parser: { int8: (value: string) => Number(value) },
    signal: controller.signal,
    ...(options.offset ? { offset: options.offset as never, handle: options.handle } : {}),
  });
  const seen: Seen = { messages: [], upToDates: 0 };
  return new Promise((resolve, reject) => {
    stream.subscribe(
      (messages) => {
        seen.messages.push(...messages);
        if (messages.some((m) => isControlMessage(m) && m.headers.control === 'up-to-date')) {
          seen.upToDates++;
          if (until(seen)) {
            controller.abort();
            resolve({ ...seen, handle: stream.shapeHandle, offset: stream.lastOffset });
          }
        }
      },
      (error) => {
        controller.abort();
        reject(error);
      },
    );
  });
}

const changes = (seen: Seen) => seen.messages.filter(isChangeMessage);

describeEngines('GET /v1/shape with the real @electric-sql/client', (engine) => {
  let server: SyncServer;
  let a: TestDevice;
  let b: TestDevice;
  beforeAll(async () => {
    // Set per engine: the previous engine's afterAll removed it.
    process.env.SYNC_SHAPE_PAGE_ROWS = '3';
    server = await testServer(engine);
    a = await enrolledDevice(server);
    b = await enrolledDevice(server);
    const products = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
    const first = await push(server, a.token, {
      mutations: [
        mutation(a, 'stores', 'insert', a.storeId, storeRow(a.storeId)),
        ...products.map((id) => mutation(a, 'products', 'insert', id, productRow(id, `Produto ${id}`))),
        mutation(a, 'stock_movements', 'insert', 'sm1', stockRow('sm1', a.storeId, 2500)),
      ],
    });
    expect(first.status).toBe(200);
    const other = await push(server, b.token, {
      mutations: [
        mutation(b, 'stores', 'insert', b.storeId, storeRow(b.storeId)),
        mutation(b, 'products', 'insert', 'pb', productRow('pb', 'De outro inquilino')),
      ],
    });
    expect(other.status).toBe(200);
  }, 120_000);
  afterAll(() => {
    delete process.env.SYNC_SHAPE_PAGE_ROWS;
  });

  it('serves the snapshot in pages, ending with up-to-date, only the token tenant rows', async () => {
    const seen = await follow(server, a.token, 'products', (s) => s.upToDates >= 1);
    const rows = changes(seen);
    expect(rows.map((m) => m.value.id).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(rows.every((m) => m.headers.operation === 'insert')).toBe(true);
    expect(rows.find((m) => m.value.id === 'p3')?.value).toMatchObject({ name: 'Produto p3', kind: 'goods' });
    expect(seen.handle).toBe(shapeHandle(a.tenantId, 'products'));
    const theirs = await follow(server, b.token, 'products', (s) => s.upToDates >= 1);
    expect(changes(theirs).map((m) => m.value.id)).toEqual(['pb']);
  });

  it('parses bigint columns and reads facts logged by reference', async () => {
    const seen = await follow(server, a.token, 'stock_movements', (s) => s.upToDates >= 1);
    expect(changes(seen).map((m) => m.value)).toEqual([expect.objectContaining({ id: 'sm1', qty_milli: 2500 })]);
  });

  it('delivers live changes after the snapshot, woken by NOTIFY, in server order', async () => {
    const start = await follow(server, a.token, 'products', (s) => s.upToDates >= 1);
    // Held 40 s: only the NOTIFY can answer within the test's 5 s timeout.
    process.env.SYNC_LONG_POLL_MS = '40000';
    const live = follow(server, a.token, 'products', (s) => changes(s).length >= 2, {
      offset: start.offset,
      handle: start.handle,
    });
    const pushed = await push(server, a.token, {
      mutations: [
        mutation(a, 'products', 'insert', 'p8', productRow('p8', 'Novo')),
        mutation(a, 'products', 'update', 'p1', { name: 'Produto renomeado' }),
      ],
    });
    expect(pushed.status).toBe(200);
    const seen = await live;
    process.env.SYNC_LONG_POLL_MS = '1500';
    expect(changes(seen).map((m) => [m.headers.operation, m.value])).toEqual([
      ['insert', expect.objectContaining({ id: 'p8', name: 'Novo' })],
      ['update', { id: 'p1', name: 'Produto renomeado' }],
    ]);
  });

  it('answers an unknown handle with 409 must-refetch and the current handle; the client resyncs', async () => {
    const url = `${server.url}/v1/shape?table=products&offset=0_0&handle=bogus`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${a.token}` } });
    expect(response.status).toBe(409);
    expect(response.headers.get('electric-handle')).toBe(shapeHandle(a.tenantId, 'products'));
    expect(await response.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    // (A handle of the other tenant would do the same; the client's expired-handle cache is
    // per URL and process-wide, so this test uses a made-up one to leave tenant A's alone.)
    const seen = await follow(server, b.token, 'products', (s) => s.upToDates >= 1, {
      offset: '0_0',
      handle: 'products-made-up-1',
    });
    expect(seen.messages.some((m) => isControlMessage(m) && m.headers.control === 'must-refetch')).toBe(true);
    expect(changes(seen).map((m) => m.value.id)).toEqual(['pb']);
  });

  it('returns the same page for the same handle and offset, with the electric headers', async () => {
    const handle = shapeHandle(a.tenantId, 'products');
    const first = await fetch(`${server.url}/v1/shape?table=products&offset=-1&log=full`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    const offset = first.headers.get('electric-offset');
    expect(first.headers.get('electric-handle')).toBe(handle);
    expect((JSON.parse(first.headers.get('electric-schema') ?? '{}') as Record<string, unknown>).id).toEqual({
      type: 'text',
      not_null: true,
      pk_index: 0,
    });
    const url = `${server.url}/v1/shape?table=products&handle=${handle}&offset=${offset}&log=full&cache-buster=x`;
    const pages = await Promise.all(
      [1, 2].map(async () => (await fetch(url, { headers: { authorization: `Bearer ${a.token}` } })).text()),
    );
    expect(pages[0]).toBe(pages[1]);
    expect(JSON.parse(pages[0]!)).toHaveLength(3);
  });

  it('answers a live request with nothing new by up-to-date alone and a cursor above the one sent', async () => {
    const handle = shapeHandle(a.tenantId, 'products');
    const end = await follow(server, a.token, 'products', (s) => s.upToDates >= 1);
    const response = await fetch(
      `${server.url}/v1/shape?table=products&handle=${handle}&offset=${end.offset}&live=true&cursor=&log=full`,
      { headers: { authorization: `Bearer ${a.token}` } },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ headers: { control: 'up-to-date' } }]);
    expect(Number(response.headers.get('electric-cursor'))).toBeGreaterThan(0);
    expect(response.headers.get('electric-offset')).toBe(end.offset);
    expect(response.headers.has('electric-up-to-date')).toBe(true);
  });

  it('refuses a where or columns parameter, an unknown table, and a missing token', async () => {
    const get = (query: string, token: string | null = a.token) =>
      fetch(`${server.url}/v1/shape?${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const where = await get(`table=products&offset=-1&where=${encodeURIComponent("tenant_id <> ''")}`);
    expect([where.status, ((await where.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'unsupported_param',
    ]);
    expect((await get('table=products&offset=-1&columns=id')).status).toBe(400);
    expect((await get('table=sync_log&offset=-1')).status).toBe(400);
    expect((await get('table=products&offset=-1', null)).status).toBe(401);
  });
});
