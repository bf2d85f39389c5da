import { beforeAll, expect, it } from 'vitest';
import { booking, openClinic } from '../app/scheduling/scheduling.fixtures';
import { enrolDevice } from '../app/sync/sync.enrol';
import { syncedTableList } from '../app/sync/outbox';
import { pushUntilDone } from '../app/sync/sync.push';
import { readSyncDevice } from '../app/sync/sync.state';
import { createEnrolmentCode, createTenant } from './admin';
import { createApiKey } from './api/keys';
import type { SyncServer } from './server';
import { shapeHandle } from './shape/shape';
import { describeEngines, enrolledDevice, testServer, type TestDevice } from './testing';

/**
 * Isolation (issue 14), the read path: a device token of tenant A reading tenant B's rows
 * through `GET /v1/shape` — every synced table, with or without `where` / `columns` /
 * `replica` (refused) and the parameters the server ignores, with B's handle and a log offset
 * — never sees one of B's rows. Reports and the external API have theirs in
 * `reports/reports.test.ts` and `api/sales-api.test.ts` (and the location checks here);
 * the Dashboard's "todas as lojas" in `app/analytics/consolidated.test.ts`.
 */
const clock = { now: () => new Date('2026-12-01T12:00:00.000Z') };

type Message = { key?: string; value?: Record<string, unknown>; headers: { operation?: string; control?: string } };

/** Follows a shape's snapshot with plain GETs until up-to-date; the rows' keys, or the refusal. */
async function snapshot(
  server: SyncServer,
  credential: string,
  table: string,
  extra = '',
): Promise<{ status: number; keys: string[]; body?: unknown }> {
  const keys: string[] = [];
  let query = `table=${table}&offset=-1${extra}`;
  for (let page = 0; page < 50; page++) {
    const response = await fetch(`${server.url}/v1/shape?${query}`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    const body = await response.json();
    if (response.status !== 200) return { status: response.status, keys, body };
    const messages = body as Message[];
    for (const m of messages) if (m.headers.operation && m.key) keys.push(m.key);
    if (messages.some((m) => m.headers.control === 'up-to-date')) return { status: 200, keys };
    query = `table=${table}&offset=${response.headers.get('electric-offset')}&handle=${response.headers.get('electric-handle')}${extra}`;
  }
  throw new Error(`${table}: no up-to-date after 50 pages`);
}

describeEngines('isolation: tenant A never reads tenant B through GET /v1/shape', (engine) => {
  let server: SyncServer;
  let a: TestDevice;
  let bToken: string;
  let bTenant: string;
  let bStore: string;
  beforeAll(async () => {
    server = await testServer(engine);
    // Tenant B: a clinic desktop with catalog, customers, agenda, a sale, a return and a booking.
    const { tenant_id } = await createTenant(server.central.db, 'Rede B');
    bTenant = tenant_id;
    const clinic = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    const apply = (action: string, data: Record<string, unknown>) => {
      const result = clinic.apply(action, data);
      if (!result.ok) throw new Error(`${action}: ${result.error.code}`);
    };
    apply('upsert_product', {
      external_id: 'CAMISA',
      name: 'Camisa',
      category: 'Roupas',
      kind: 'goods',
      unit_price: 5000,
    });
    apply('register_sale', {
      external_id: 'B-S1',
      customer_external_id: 'P1',
      items: [{ variant_external_id: 'CAMISA', qty: 2 }],
      payments: [{ method: 'pix', amount: 10_000 }],
    });
    apply('register_return', {
      reference_external_id: 'B-S1',
      items: [{ variant_external_id: 'CAMISA', qty: 1 }],
      reason: 'Troca',
      condition: 'revenda',
      refund_method: 'original',
    });
    apply('book_appointment', booking('B-A1', '2026-12-07T09:00:00-03:00'));
    const { enrolment_code } = await createEnrolmentCode(server.central.db, tenant_id);
    await enrolDevice(clinic.app.db, { server_url: server.url, code: enrolment_code }, clock);
    expect((await pushUntilDone(clinic.app.db, { clock })).stopped).toBe('done');
    const device = readSyncDevice(clinic.app.db);
    bToken = device?.token ?? '';
    bStore = device?.store_id ?? '';
    clinic.app.close();
    // Tenant A: an enrolled device that has sent nothing; every shape it reads must be empty.
    a = await enrolledDevice(server);
  }, 180_000);

  it('every synced table: B sees its rows, A none — also with parameters the server ignores', async () => {
    let tablesWithRows = 0;
    for (const { table } of syncedTableList()) {
      const theirs = await snapshot(server, bToken, table);
      expect(theirs.status, table).toBe(200);
      if (theirs.keys.length > 0) tablesWithRows++;
      const mine = await snapshot(server, a.token, table);
      expect(mine, table).toEqual({ status: 200, keys: [] });
      // Parameters outside the protocol's refused ones do not widen the shape.
      const ignored = await snapshot(
        server,
        a.token,
        table,
        `&subset__where=${encodeURIComponent('1 = 1')}&where%5B0%5D=x&tenant_id=${bTenant}&params%5B1%5D=${bTenant}`,
      );
      expect(ignored, `${table} with ignored parameters`).toEqual({ status: 200, keys: [] });
    }
    // The check can fail: B's data reached many tables (sales, items, payments, returns, agenda…).
    expect(tablesWithRows).toBeGreaterThanOrEqual(15);
  }, 240_000);

  it('every synced table: where, columns and replica are refused (400), whatever they say', async () => {
    for (const { table } of syncedTableList()) {
      for (const extra of [
        `&where=${encodeURIComponent(`tenant_id = '${bTenant}'`)}`,
        `&where=${encodeURIComponent('true')}`,
        '&columns=tenant_id,id',
        '&replica=full',
      ]) {
        const refused = await snapshot(server, a.token, table, extra);
        expect(refused.status, `${table}${extra}`).toBe(400);
        expect(refused.keys).toEqual([]);
        expect(refused.body).toMatchObject({ error: { code: 'unsupported_param' } });
      }
    }
  }, 240_000);

  it("B's handle and log offsets with A's token: must-refetch or A's own (empty) log, never B's rows", async () => {
    for (const table of ['sales', 'customers', 'appointments', 'stores']) {
      const theirs = shapeHandle(bTenant, table);
      const stolen = await fetch(`${server.url}/v1/shape?table=${table}&offset=0_0&handle=${theirs}`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(stolen.status, table).toBe(409);
      expect(stolen.headers.get('electric-handle')).toBe(shapeHandle(a.tenantId, table));
      expect(await stolen.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
      // A's own handle at the start of the log: A's (empty) log, not B's entries.
      const log = await fetch(
        `${server.url}/v1/shape?table=${table}&offset=0_0&handle=${shapeHandle(a.tenantId, table)}`,
        { headers: { authorization: `Bearer ${a.token}` } },
      );
      expect(log.status).toBe(200);
      const messages = (await log.json()) as Message[];
      expect(messages.filter((m) => m.headers.operation)).toEqual([]);
    }
  });

  it('an API key is not a device token on the read path; B’s store is unknown to A’s API key', async () => {
    const key = (await createApiKey(server.central.db, a.tenantId)).api_key;
    expect((await snapshot(server, key, 'sales')).status).toBe(401);
    const read = await fetch(`${server.url}/api/v1/sales?location_external_id=${bStore}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.status).toBe(404);
    expect(await read.json()).toMatchObject({ error: { code: 'unknown_location' } });
    const post = await fetch(`${server.url}/api/v1/sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        action: 'register_sale',
        transaction_data: {
          external_id: 'A-INTO-B',
          location_external_id: bStore,
          items: [{ variant_external_id: 'CAMISA', qty: 1 }],
        },
      }),
    });
    expect(post.status).toBe(404);
    expect((await snapshot(server, bToken, 'sales')).keys).toHaveLength(1);
  });
});
