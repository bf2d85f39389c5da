import { beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { openTestApp } from '../../test/helpers';
import { newSession, type Session } from '../contract/context';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import type { Balcao } from '../balcao';
import { enrolDevice } from './sync.enrol';
import { LiveFollower, PushInFlight } from './sync.live';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

interface Desktop {
  app: Balcao;
  session: Session;
}

function one<T>(app: Balcao, sql: string, ...params: unknown[]): T {
  return app.db.raw.prepare(sql).get(...params) as T;
}

/** Resolves once `check()` holds, looked at after every batch the follower applies. */
function whenApplied(waiters: (() => void)[], check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (check()) resolve();
      else waiters.push(look);
    };
    look();
  });
}

describe('sync live: one desktop follows the shapes while another pushes', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);

  /** A (LJ01, catalog, customer, a sale) and B (LJ02), both enrolled and pushed; B pulled once. */
  async function twoDesktops(): Promise<{ a: Desktop; b: Desktop }> {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Ao Vivo');
    const code = async () => ({
      server_url: server.url,
      code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code,
    });
    const a = await openStoreWithCatalog();
    applyOk(a.app, a.session, 'register_sale', saleData());
    await enrolDevice(a.app.db, await code(), clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    const app = await openTestApp();
    const session = newSession();
    const setup = app.dispatch(
      'store.setup',
      { store: { name: 'Loja Shopping', code: 'LJ02' }, owner: { name: 'Bia Gerente', login: 'bia', pin: '4321' } },
      session,
    );
    expect(setup.ok).toBe(true);
    await enrolDevice(app.db, await code(), clock);
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
    expect((await pullUntilUpToDate(app.db, { clock })).stopped).toBe('done');
    return { a, b: { app, session } };
  }

  it("applies A's pushed edit and new sale on B without a pull, projections right, nothing re-queued", async () => {
    const { a, b } = await twoDesktops();
    const waiters: (() => void)[] = [];
    const follower = new LiveFollower(b.app.db, {
      clock,
      onApplied: () => {
        for (const wake of waiters.splice(0)) wake();
      },
    });
    expect(follower.start()).toBe(true);
    try {
      const outbox = one<{ n: number }>(b.app, 'SELECT count(*) AS n FROM sync_outbox').n;
      applyOk(a.app, a.session, 'update_customer_data', { external_id: 'C01', name: 'Maria Souza' });
      applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'S-2' }));
      const pushed = await pushUntilDone(a.app.db, { clock });
      expect(pushed.stopped).toBe('done');
      // Every mutation A pushed reaches B as one change of its table's stream.
      const applied = () => [...follower.totals.values()].reduce((n, t) => n + t.applied, 0);
      await whenApplied(waiters, () => applied() >= pushed.pushed);
      expect(applied()).toBe(pushed.pushed);
      await whenApplied(waiters, () => {
        const state = b.app.db.raw
          .prepare(`SELECT st.status FROM sales s JOIN sale_state st ON st.sale_id = s.id WHERE s.external_id = 'S-2'`)
          .pluck()
          .get();
        const name = b.app.db.raw.prepare(`SELECT name FROM customers WHERE external_id = 'C01'`).pluck().get();
        return state === 'completa' && name === 'Maria Souza';
      });
      expect(follower.running).toBe(true);
      expect(follower.error).toBeNull();
      const sale = one<{ id: string }>(b.app, `SELECT id FROM sales WHERE external_id = 'S-2'`);
      expect(
        one(b.app, 'SELECT status, total_cents, paid_cents, net_cents FROM sale_state WHERE sale_id = ?', sale.id),
      ).toEqual({ status: 'completa', total_cents: 34960, paid_cents: 34960, net_cents: 34960 });
      expect(one<{ n: number }>(b.app, 'SELECT count(*) AS n FROM sync_outbox').n).toBe(outbox);
      // What the streams applied was saved with its position: a pull now has nothing to do.
      follower.stop();
      const again = await pullUntilUpToDate(b.app.db, { clock });
      expect([again.stopped, again.applied]).toEqual(['done', 0]);
    } finally {
      follower.stop();
    }
  }, 120_000);

  it('a batch arriving while this desktop pushes is not applied: the follower stops and the pull after the push brings it', async () => {
    const { a, b } = await twoDesktops();
    let stopped: (error: Error) => void = () => undefined;
    const stoppedWith = new Promise<Error>((resolve) => (stopped = resolve));
    const follower = new LiveFollower(b.app.db, {
      clock,
      tables: ['customers'],
      pushInFlight: () => true,
      onStopped: (_table, error) => stopped(error),
    });
    expect(follower.start()).toBe(true);
    try {
      applyOk(a.app, a.session, 'update_customer_data', { external_id: 'C01', name: 'Maria Souza' });
      expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
      expect(await stoppedWith).toBeInstanceOf(PushInFlight);
      expect(follower.running).toBe(false);
      const name = () => b.app.db.raw.prepare(`SELECT name FROM customers WHERE external_id = 'C01'`).pluck().get();
      expect(name()).toBe('Maria Silva');
      // Nothing was saved past it: the next pull brings the edit.
      const pulled = await pullUntilUpToDate(b.app.db, { clock });
      expect(pulled.stopped).toBe('done');
      expect(name()).toBe('Maria Souza');
    } finally {
      follower.stop();
    }
  }, 120_000);

  it('an idle, healthy stream answered at every long-poll is not restarted by the stall watchdog', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Ociosa');
    const a = await openStoreWithCatalog();
    const code = (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code;
    await enrolDevice(a.app.db, { server_url: server.url, code }, clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    expect((await pullUntilUpToDate(a.app.db, { clock, tables: ['customers'] })).stopped).toBe('done');
    // The server holds each live request 300 ms; the watchdog allows 600 ms of silence.
    const previous = process.env.SYNC_LONG_POLL_MS;
    process.env.SYNC_LONG_POLL_MS = '300';
    let answers = 0;
    let stoppedWith: Error | null = null;
    let wake: () => void = () => undefined;
    const follower = new LiveFollower(a.app.db, {
      clock,
      tables: ['customers'],
      stallMs: 600,
      onApplied: () => {
        answers++;
        wake();
      },
      onStopped: (_table, error) => {
        stoppedWith = error;
        wake();
      },
    });
    try {
      expect(follower.start()).toBe(true);
      // Four long-polls answered with nothing new, each only a little under the stall limit.
      while (answers < 4 && !stoppedWith) await new Promise<void>((resolve) => (wake = resolve));
      expect(stoppedWith).toBeNull();
      expect(follower.running).toBe(true);
    } finally {
      follower.stop();
      if (previous === undefined) delete process.env.SYNC_LONG_POLL_MS;
      else process.env.SYNC_LONG_POLL_MS = previous;
    }
  }, 60_000);

  it('a pull projects the sales a killed pull left queued (sync_dirty_sales), exactly once', async () => {
    const { b } = await twoDesktops();
    const sale = one<{ id: string }>(b.app, `SELECT id FROM sales WHERE external_id = 'S-1'`);
    const state = () =>
      one(b.app, 'SELECT status, total_cents, paid_cents, net_cents FROM sale_state WHERE sale_id = ?', sale.id);
    expect(state()).toEqual({ status: 'completa', total_cents: 34960, paid_cents: 34960, net_cents: 34960 });
    expect(one<{ n: number }>(b.app, 'SELECT count(*) AS n FROM sync_dirty_sales').n).toBe(0);
    // What a pull killed after its payments page and before its end leaves: facts applied with
    // their position, the sale queued, its projection stale (here: missing).
    b.app.db.raw.prepare('DELETE FROM sale_state WHERE sale_id = ?').run(sale.id);
    b.app.db.raw.prepare('INSERT INTO sync_dirty_sales (sale_id) VALUES (?)').run(sale.id);
    const summary = await pullUntilUpToDate(b.app.db, { clock });
    expect([summary.stopped, summary.applied]).toEqual(['done', 0]);
    expect(state()).toEqual({ status: 'completa', total_cents: 34960, paid_cents: 34960, net_cents: 34960 });
    expect(one<{ n: number }>(b.app, 'SELECT count(*) AS n FROM sync_dirty_sales').n).toBe(0);
  }, 120_000);
});
