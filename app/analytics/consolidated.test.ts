import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOk } from '../../test/sales-fixtures';
import { OWNER } from '../../test/helpers';
import { newSession } from '../contract/context';
import { cookieOf, rpc, startBridge } from '../web/web.fixtures';
import { createEnrolmentCode, createTenant, revokeDevice } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import { enrolDevice } from '../sync/sync.enrol';
import { pushUntilDone } from '../sync/sync.push';
import { readSyncDevice } from '../sync/sync.state';
import { CONSOLIDATED_MESSAGES } from './consolidated';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
const PERIOD = { from: '2026-11-01', to: '2026-11-30' };

interface Desk {
  port: number;
  cookie: string;
  app: Awaited<ReturnType<typeof startBridge>>['app'];
}

/**
 * A desktop served by the web bridge (the analytics worker answers analytics.*, as in the
 * desktop app), store `code`, one imported sale of `cents` in November; enrolled in `tenant`
 * and pushed when given.
 */
async function desk(server: SyncServer, code: string, cents: number, tenant?: string): Promise<Desk> {
  const { app, port } = await startBridge();
  const setup = await rpc(
    port,
    'store.setup',
    { store: { name: `Loja ${code}`, code }, owner: OWNER },
    { connection: 'close' },
  );
  const cookie = cookieOf(setup) as string;
  const session = newSession();
  expect(app.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, session)).toMatchObject({ ok: true });
  applyOk(app, session, 'upsert_product', {
    external_id: `${code}-P`,
    name: 'Produto',
    category: 'Geral',
    kind: 'goods',
    unit_price: cents,
    unit_cost: 100,
  });
  applyOk(app, session, 'register_sale', {
    external_id: `${code}-S1`,
    location_external_id: code,
    occurred_at: '2026-11-10T12:00:00-03:00',
    items: [{ variant_external_id: `${code}-P`, qty: 1 }],
    payments: [{ method: 'pix', amount: cents }],
  });
  if (tenant) {
    const { enrolment_code } = await createEnrolmentCode(server.central.db, tenant);
    await enrolDevice(app.db, { server_url: server.url, code: enrolment_code }, clock);
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
  }
  return { app, port, cookie };
}

async function call(d: Desk, op: string, input: unknown) {
  const res = await rpc(d.port, op, input, { cookie: d.cookie });
  return JSON.parse(res.text) as
    { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
}

interface KpisView {
  net_revenue: number;
  by_location: { code: string; net_revenue: number; sales: number }[];
}

describe('"Todas as lojas" on the Dashboard: analytics.consolidated against the real sync server', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('two enrolled desktops see the tenant’s KPIs over both stores; offline, revoked and not enrolled answer pt-BR codes', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Dashboard');
    const a = await desk(server, 'LJ01', 10_000, tenant_id);
    const b = await desk(server, 'LJ02', 25_000, tenant_id);

    expect(await call(a, 'analytics.consolidated_status', {})).toEqual({
      ok: true,
      value: { available: true, reason_code: null, reason: null },
    });
    const own = await call(a, 'analytics.kpis', PERIOD);
    expect(own).toMatchObject({ ok: true, value: { net_revenue: 10_000 } });
    for (const d of [a, b]) {
      const all = await call(d, 'analytics.consolidated', PERIOD);
      if (!all.ok) throw new Error(JSON.stringify(all.error));
      expect(all.value.scope).toBe('all_stores');
      const kpis = all.value.kpis as KpisView;
      expect(kpis.net_revenue).toBe(35_000);
      expect(kpis.by_location.map((l) => [l.code, l.net_revenue, l.sales]).sort()).toEqual([
        ['LJ01', 10_000, 1],
        ['LJ02', 25_000, 1],
      ]);
    }

    // Another tenant's desktop sees only its own store (the server takes the tenant from the token).
    const other = await createTenant(server.central.db, 'Outra Rede');
    const c = await desk(server, 'LJ01', 7_000, other.tenant_id);
    const theirs = await call(c, 'analytics.consolidated', PERIOD);
    expect(theirs).toMatchObject({ ok: true, value: { kpis: { net_revenue: 7_000 } } });
    if (!theirs.ok) throw new Error(JSON.stringify(theirs.error));
    expect((theirs.value.kpis as KpisView).by_location.map((l) => l.code)).toEqual(['LJ01']);

    // The server cannot be reached: a clear pt-BR code, never internal_error.
    const saved = readSyncDevice(a.app.db);
    a.app.db.raw.prepare(`UPDATE sync_device SET server_url = 'http://127.0.0.1:1'`).run();
    expect(await call(a, 'analytics.consolidated', PERIOD)).toEqual({
      ok: false,
      error: { code: 'sync_unreachable', message: CONSOLIDATED_MESSAGES.sync_unreachable },
    });
    // Once the background loop has found the server unreachable, the choice is disabled with the reason.
    a.app.db.raw.prepare(`UPDATE sync_device SET connected = 0, server_url = ?`).run(saved?.server_url);
    expect(await call(a, 'analytics.consolidated_status', {})).toEqual({
      ok: true,
      value: { available: false, reason_code: 'sync_unreachable', reason: CONSOLIDATED_MESSAGES.sync_unreachable },
    });

    // A revoked desktop: 401 from the server is sync_unauthorized.
    await revokeDevice(server.central.db, readSyncDevice(b.app.db)?.device_id ?? '');
    expect(await call(b, 'analytics.consolidated', PERIOD)).toEqual({
      ok: false,
      error: { code: 'sync_unauthorized', message: CONSOLIDATED_MESSAGES.sync_unauthorized },
    });

    // Not enrolled: disabled, and the operation says why.
    const alone = await desk(server, 'LJ09', 1_000);
    expect(await call(alone, 'analytics.consolidated_status', {})).toEqual({
      ok: true,
      value: { available: false, reason_code: 'sync_not_enrolled', reason: CONSOLIDATED_MESSAGES.sync_not_enrolled },
    });
    expect(await call(alone, 'analytics.consolidated', PERIOD)).toEqual({
      ok: false,
      error: { code: 'sync_not_enrolled', message: CONSOLIDATED_MESSAGES.sync_not_enrolled },
    });
    // Bad input is invalid_input in pt-BR before any request.
    expect(await call(a, 'analytics.consolidated', { from: '2026-11-30', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  }, 240_000);
});
