import { beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { openTestApp } from '../../test/helpers';
import { newSession } from '../contract/context';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { enrolDevice } from './sync.enrol';
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

const outboxCount = (app: Balcao) => one<{ n: number }>(app, 'SELECT count(*) AS n FROM sync_outbox').n;

describe('sync pull: two desktops of one tenant through the real server', () => {
  let server: SyncServer;
  let a: Desktop;
  let b: Desktop;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);

  /** A (store LJ01 with catalog, customer and a sale) and B (store LJ02), both enrolled and pushed. */
  async function twoDesktops() {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Teste');
    a = await openStoreWithCatalog();
    applyOk(a.app, a.session, 'register_sale', saleData());
    applyOk(a.app, a.session, 'update_customer_data', { external_id: 'C02', name: 'João Lima' });
    await enrolDevice(
      a.app.db,
      { server_url: server.url, code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code },
      clock,
    );
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    // B: another store of the same tenant, set up on its own desktop.
    const app = await openTestApp();
    const session = newSession();
    const setup = app.dispatch(
      'store.setup',
      { store: { name: 'Loja Shopping', code: 'LJ02' }, owner: { name: 'Bia Gerente', login: 'bia', pin: '4321' } },
      session,
    );
    expect(setup.ok).toBe(true);
    b = { app, session };
    await enrolDevice(
      b.app.db,
      { server_url: server.url, code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code },
      clock,
    );
    expect((await pushUntilDone(b.app.db, { clock })).stopped).toBe('done');
  }

  // Desktops are closed after each test (test/helpers), so each test sets up its own pair.
  it('brings the customer, catalog and sale made on A to B, projections right, nothing re-queued', async () => {
    await twoDesktops();
    const before = outboxCount(b.app);
    const fsyncLevel = () => b.app.db.raw.pragma('synchronous', { simple: true });
    expect(fsyncLevel()).toBe(2); // FULL: a power cut loses no committed sale
    const pulling = pullUntilUpToDate(b.app.db, { clock });
    // While the pull waits on the network the counter keeps committing with FULL (only a page's
    // own commit skips the fsync).
    expect(fsyncLevel()).toBe(2);
    const summary = await pulling;
    expect(fsyncLevel()).toBe(2);
    expect(summary.stopped).toBe('done');
    expect(summary.tables.reduce((n, t) => n + t.conflicts, 0)).toBe(0);
    expect(outboxCount(b.app)).toBe(before);
    expect(one(b.app, `SELECT name, cpf FROM customers WHERE external_id = 'C01'`)).toEqual({
      name: 'Maria Silva',
      cpf: '52998224725',
    });
    const sale = one<{ id: string }>(b.app, `SELECT id FROM sales WHERE external_id = 'S-1'`);
    expect(
      one(b.app, 'SELECT status, total_cents, paid_cents, net_cents FROM sale_state WHERE sale_id = ?', sale.id),
    ).toEqual({ status: 'completa', total_cents: 34960, paid_cents: 34960, net_cents: 34960 });
    // Stock levels of A's store on B equal A's own, and the search index finds A's product.
    const levels = (app: Balcao) =>
      app.db.raw
        .prepare(
          `SELECT v.external_id, l.qty_milli FROM stock_levels l JOIN variants v ON v.id = l.variant_id
           JOIN stores s ON s.id = l.store_id WHERE s.code = 'LJ01' ORDER BY 1`,
        )
        .all();
    expect(levels(b.app)).toEqual(levels(a.app));
    expect(levels(b.app).length).toBeGreaterThan(0);
    const found = one<{ n: number }>(
      b.app,
      `SELECT count(*) AS n FROM catalog_search WHERE catalog_search MATCH 'tenis'`,
    );
    expect(found.n).toBeGreaterThan(0);
    const again = await pullUntilUpToDate(b.app.db, { clock });
    expect([again.stopped, again.applied]).toEqual(['done', 0]);
  }, 120_000);

  it("applies A's later edit over B's copy but keeps B's own unacknowledged change visible", async () => {
    await twoDesktops();
    await pullUntilUpToDate(b.app.db, { clock });
    applyOk(a.app, a.session, 'update_customer_data', { external_id: 'C01', name: 'Maria Souza' });
    applyOk(b.app, b.session, 'update_customer_data', {
      external_id: 'C01',
      name: 'Maria Silva',
      phone: '11911112222',
    });
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    await pullUntilUpToDate(b.app.db, { clock });
    expect(one(b.app, `SELECT name, phone FROM customers WHERE external_id = 'C01'`)).toEqual({
      name: 'Maria Souza',
      phone: '11911112222',
    });
    expect((await pushUntilDone(b.app.db, { clock })).stopped).toBe('done');
    await pullUntilUpToDate(a.app.db, { clock });
    expect(one(a.app, `SELECT name, phone FROM customers WHERE external_id = 'C01'`)).toEqual({
      name: 'Maria Souza',
      phone: '11911112222',
    });
  }, 120_000);

  it('on must-refetch drops and reloads only that table, keeping the outbox', async () => {
    await twoDesktops();
    await pullUntilUpToDate(b.app.db, { clock });
    applyOk(b.app, b.session, 'update_customer_data', {
      external_id: 'C01',
      name: 'Maria Silva',
      phone: '11911112222',
    });
    b.app.db.raw
      .prepare(
        `UPDATE sync_shapes SET handle = 'customers-gone-1', shape_offset = '3_0' WHERE table_name = 'customers'`,
      )
      .run();
    const outbox = b.app.db.raw.prepare('SELECT * FROM sync_outbox ORDER BY seq').all();
    const summary = await pullUntilUpToDate(b.app.db, { clock, tables: ['customers'] });
    expect(summary.stopped).toBe('done');
    const customers = summary.tables[0];
    expect(customers?.refetched).toBe(1);
    // The customer B changed locally (still in its outbox) stays; the other comes back, and
    // the columns B changed keep B's values while the rest of the row is refreshed.
    expect(customers?.applied).toBe(2);
    expect(b.app.db.raw.prepare('SELECT * FROM sync_outbox ORDER BY seq').all()).toEqual(outbox);
    expect(one(b.app, `SELECT name, phone FROM customers WHERE external_id = 'C01'`)).toEqual({
      name: 'Maria Silva',
      phone: '11911112222',
    });
  }, 120_000);
});
