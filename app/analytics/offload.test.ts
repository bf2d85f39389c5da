import { describe, expect, it } from 'vitest';
import { cookieOf, rpc, startBridge } from '../web/web.fixtures';
import { OWNER } from '../../test/helpers';
import { runDemo } from './demo';

describe('analytics off the UI thread (issue 13)', () => {
  it('answers store.get on the bridge while an RFM over the demo data runs in the worker', async () => {
    const { app, port } = await startBridge();
    // Not kept alive: the demo below holds the loop long enough for the server to drop an idle socket.
    const setup = await rpc(
      port,
      'store.setup',
      { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER },
      { connection: 'close' },
    );
    const cookie = cookieOf(setup) as string;
    expect(cookie).toBeTruthy();
    runDemo(app.db, { customers: 2000, sales: 20_000, seed: 5, now: new Date('2026-11-30T12:00:00Z') });

    const order: string[] = [];
    const rfm = rpc(port, 'analytics.rfm', { as_of: '2026-11-29' }, { cookie }).then((res) => {
      order.push('rfm');
      return res;
    });
    const store = rpc(port, 'store.get', {}, { cookie }).then((res) => {
      order.push('store.get');
      return res;
    });
    const [rfmRes, storeRes] = await Promise.all([rfm, store]);
    // On the main thread the RFM would hold the event loop until done, so store.get would come second.
    expect(order).toEqual(['store.get', 'rfm']);
    expect(JSON.parse(storeRes.text)).toMatchObject({ ok: true, value: { code: 'LJ01' } });
    const body = JSON.parse(rfmRes.text) as { ok: boolean; value: { rows: unknown[]; counts: Record<string, number> } };
    expect(body.ok).toBe(true);
    expect(body.value.rows.length).toBeGreaterThan(1000);
    for (const segment of ['campeoes', 'fieis', 'oportunistas', 'em_risco', 'hibernando', 'perdidos', 'sem_compras']) {
      expect(body.value.counts[segment]).toBeGreaterThan(0);
    }
    // The worker keeps the session rules: without a cookie it is unauthenticated.
    const anonymous = await rpc(port, 'analytics.rfm', { as_of: '2026-11-29' });
    expect(JSON.parse(anonymous.text)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  }, 180_000);

  it('answers the sensitive reads (dashboard, customers) from the worker and writes their audit rows on the main connection', async () => {
    const { app, port } = await startBridge();
    const setup = await rpc(
      port,
      'store.setup',
      { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER },
      { connection: 'close' },
    );
    const cookie = cookieOf(setup) as string;
    runDemo(app.db, { customers: 60, sales: 600, seed: 5, now: new Date('2026-11-30T12:00:00Z') });
    const audited = () =>
      app.db.raw
        .prepare("SELECT operation, kind, role FROM audit_log WHERE operation LIKE 'analytics.%' ORDER BY seq")
        .all();

    const dashboard = await rpc(port, 'analytics.dashboard', { from: '2026-11-01', to: '2026-11-30' }, { cookie });
    expect(JSON.parse(dashboard.text)).toMatchObject({ ok: true, value: { kpis: { from: '2026-11-01' } } });
    const customers = await rpc(port, 'analytics.customers', { limit: 5 }, { cookie });
    const list = JSON.parse(customers.text) as {
      ok: boolean;
      value: { total: number; rows: { customer_id: string }[] };
    };
    expect(list).toMatchObject({ ok: true, value: { total: 60 } });
    const detail = await rpc(port, 'analytics.customer', { customer_id: list.value.rows[0]?.customer_id }, { cookie });
    expect(JSON.parse(detail.text)).toMatchObject({ ok: true });
    // A read that is not sensitive leaves no row; a refused one neither.
    await rpc(port, 'analytics.rfm', { as_of: '2026-11-29' }, { cookie });
    await rpc(port, 'analytics.dashboard', { from: '2026-11-30', to: '2026-11-01' }, { cookie });
    expect(audited()).toEqual([
      { operation: 'analytics.dashboard', kind: 'read', role: 'owner' },
      { operation: 'analytics.customers', kind: 'read', role: 'owner' },
      { operation: 'analytics.customer', kind: 'read', role: 'owner' },
    ]);
  }, 180_000);
});
