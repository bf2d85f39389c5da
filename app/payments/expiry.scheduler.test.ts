import { describe, expect, it } from 'vitest';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import type { SchedulerTimers } from '../repeat';
import { expectOk, migratedDbPath, OWNER } from '../../test/helpers';
import { applyOk, saleData } from '../../test/sales-fixtures';
import { startChargeExpiryScheduler } from './expiry.scheduler';

/** Timers the test fires by hand: no sleeping, no real clock. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: SchedulerTimers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h) => {
      pending.delete(h as number);
    },
  };
  const fire = () => {
    const [id, t] = [...pending.entries()][0] ?? [];
    if (id === undefined || !t) throw new Error('no timer pending');
    pending.delete(id);
    t.fn();
  };
  return { timers, pending, fire };
}

async function storeAt(now: { t: number }) {
  const app = await openBalcao(await migratedDbPath(), { clock: { now: () => new Date(now.t) } });
  const session = newSession();
  expectOk(app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, session));
  applyOk(app, session, 'update_customer_data', { external_id: 'C01', name: 'Maria Silva' });
  applyOk(app, session, 'upsert_salesperson', {
    external_id: 'V01',
    name: 'Carla',
    location_external_id: 'LJ01',
    commission_rate: 3.5,
  });
  for (const sku of ['TEN-AZ-38', 'MEIA-01']) {
    applyOk(app, session, 'upsert_product', {
      external_id: sku,
      name: sku,
      category: 'Calçados',
      kind: 'goods',
      unit_price: sku === 'MEIA-01' ? 1990 : 29990,
      unit_cost: 500,
    });
  }
  return { app, session };
}

const unpaid = (external_id: string, occurred_at: string, register?: string) =>
  saleData({ external_id, occurred_at, payments: [], ...(register ? { register } : {}) });

function statusOf(app: Awaited<ReturnType<typeof openBalcao>>, externalId: string): string {
  return (
    app.db.raw
      .prepare('SELECT st.status FROM sale_state st JOIN sales s ON s.id = st.sale_id WHERE s.external_id = ?')
      .get(externalId) as { status: string }
  ).status;
}

describe('charge expiry scheduler (issue 17)', () => {
  it('expires a due charge at start and the next one on a later run, once each', async () => {
    const now = { t: Date.parse('2026-11-05T12:00:00Z') };
    const { app, session } = await storeAt(now);
    applyOk(app, session, 'register_sale', unpaid('S-OLD', '2026-11-01T10:00:00-03:00', 'CX1'));
    applyOk(app, session, 'register_sale', unpaid('S-IMPORT', '2026-11-01T11:00:00-03:00'));
    applyOk(app, session, 'register_sale', unpaid('S-NEW', '2026-11-04T10:00:00-03:00', 'CX1'));
    const { timers, pending, fire } = manualTimers();
    const scheduler = startChargeExpiryScheduler(app, { timers });
    // The first run is due at start.
    expect([...pending.values()].map((t) => t.ms)).toEqual([0]);
    fire();
    // Default 3 days: the two sales of 2026-11-01 expire (this register's, and an import while not enrolled).
    expect(['S-OLD', 'S-IMPORT', 'S-NEW'].map((s) => statusOf(app, s))).toEqual([
      'expirada',
      'expirada',
      'aguardando_pagamento',
    ]);
    expect([...pending.values()].map((t) => t.ms)).toEqual([600_000]);
    now.t = Date.parse('2026-11-08T12:00:00Z');
    fire();
    expect(statusOf(app, 'S-NEW')).toBe('expirada');
    // Idempotent: another run writes nothing.
    const count = () => (app.db.raw.prepare('SELECT count(*) AS n FROM sale_expirations').get() as { n: number }).n;
    expect(count()).toBe(3);
    expect(scheduler.check()).toEqual({ outcome: 'ran', expired: [] });
    fire();
    expect(count()).toBe(3);
    scheduler.stop();
    expect(pending.size).toBe(0);
    app.close();
  });

  it("on an enrolled desktop expires only its own register's sales, never another desktop's or imports", async () => {
    const now = { t: Date.parse('2026-11-05T12:00:00Z') };
    const { app, session } = await storeAt(now);
    expectOk(app.dispatch('registers.upsert', { code: 'CX2', name: 'Caixa 2' }, session));
    applyOk(app, session, 'register_sale', unpaid('S-MINE', '2026-11-01T10:00:00-03:00', 'CX1'));
    applyOk(app, session, 'register_sale', unpaid('S-OTHER', '2026-11-01T10:00:00-03:00', 'CX2'));
    applyOk(app, session, 'register_sale', unpaid('S-IMPORT', '2026-11-01T10:00:00-03:00'));
    app.db.raw
      .prepare(
        `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at)
         VALUES (1, 'http://127.0.0.1:1', 't1', (SELECT id FROM stores), 'd1', 'x', '2026-11-01T00:00:00Z')`,
      )
      .run();
    const { timers } = manualTimers();
    const scheduler = startChargeExpiryScheduler(app, { timers });
    expect(scheduler.check()).toEqual({ outcome: 'ran', expired: ['S-MINE'] });
    expect(['S-OTHER', 'S-IMPORT'].map((s) => statusOf(app, s))).toEqual([
      'aguardando_pagamento',
      'aguardando_pagamento',
    ]);
    // The operation (CLI `expire-charges`, scope all) still expires every due sale.
    expect(expectOk(app.dispatch('payments.expire_charges', {}, session))).toEqual({
      expired: ['S-OTHER', 'S-IMPORT'],
    });
    scheduler.stop();
    app.close();
  });
});
