import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { OWNER, openTestApp } from '../../test/helpers';
import { newSession } from '../contract/context';
import type { Balcao } from '../balcao';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import { sql } from 'kysely';
import { enrolDevice } from './sync.enrol';
import { joinStore } from './sync.join';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';
import { syncStatus } from './sync.status';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
const CPF = '11144477735';

describe('unique keys across desktops, through the real server', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const rows = (app: Balcao, text: string, ...params: unknown[]) => app.db.raw.prepare(text).all(...params);

  it('the same CPF and SKU made offline on two desktops end as one customer and one product everywhere, references following', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Única');
    const a = await openStoreWithCatalog();
    await enrolDevice(
      a.app.db,
      { server_url: server.url, code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code },
      clock,
    );
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    const bApp = await openTestApp();
    await joinStore(
      bApp.db,
      {
        server_url: server.url,
        code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code,
        store: 'LJ01',
        register: 'CX2',
      },
      { clock },
    );
    const bSession = newSession();
    expect(bApp.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, bSession)).toMatchObject({ ok: true });

    // Offline on both: the same person (CPF) and the same new product (SKU), each with a sale.
    applyOk(a.app, a.session, 'update_customer_data', { external_id: 'C10', name: 'Ana Paula', cpf: CPF });
    applyOk(bApp, bSession, 'update_customer_data', { external_id: 'C20', name: 'Ana P. Souza', cpf: CPF });
    const product = (name: string) => ({
      external_id: 'BONE-01',
      name,
      category: 'Acessórios',
      kind: 'goods',
      unit_price: 5000,
      unit_cost: 2000,
    });
    applyOk(a.app, a.session, 'upsert_product', product('Boné Azul'));
    applyOk(bApp, bSession, 'upsert_product', product('Boné azul marinho'));
    const sale = (external: string, customer: string, register: string) =>
      saleData({
        external_id: external,
        customer_external_id: customer,
        register,
        items: [{ variant_external_id: 'BONE-01', qty: 1 }],
        discount_amount: 0,
        payments: [{ method: 'pix', amount: 5000 }],
      });
    applyOk(a.app, a.session, 'register_sale', sale('S-A', 'C10', 'CX1'));
    applyOk(bApp, bSession, 'register_sale', sale('S-B', 'C20', 'CX2'));

    // A reaches the server first: its customer and product are the ones kept.
    expect((await pushUntilDone(a.app.db, { clock })).rejected).toBe(0);
    expect((await pushUntilDone(bApp.db, { clock })).rejected).toBe(0);
    for (const app of [bApp, a.app]) {
      const pull = await pullUntilUpToDate(app.db, { clock });
      expect(pull.stopped).toBe('done');
      expect(pull.tables.reduce((n, t) => n + t.conflicts, 0)).toBe(0);
    }
    expect((await pushUntilDone(bApp.db, { clock })).rejected).toBe(0);

    const keptCustomer = a.app.db.raw.prepare(`SELECT id FROM customers WHERE external_id = 'C10'`).pluck().get();
    const keptVariant = a.app.db.raw.prepare(`SELECT id FROM variants WHERE external_id = 'BONE-01'`).pluck().get();
    for (const app of [a.app, bApp]) {
      expect(rows(app, 'SELECT id, external_id, name FROM customers WHERE cpf = ?', CPF)).toEqual([
        { id: keptCustomer, external_id: 'C10', name: 'Ana Paula' },
      ]);
      expect(rows(app, `SELECT id FROM variants WHERE external_id = 'BONE-01'`)).toEqual([{ id: keptVariant }]);
      expect(
        rows(
          app,
          `SELECT s.external_id, s.customer_id, i.variant_id, st.status FROM sales s
           JOIN sale_items i ON i.sale_id = s.id JOIN sale_state st ON st.sale_id = s.id
           WHERE s.external_id IN ('S-A', 'S-B') ORDER BY s.external_id`,
        ),
      ).toEqual([
        { external_id: 'S-A', customer_id: keptCustomer, variant_id: keptVariant, status: 'completa' },
        { external_id: 'S-B', customer_id: keptCustomer, variant_id: keptVariant, status: 'completa' },
      ]);
      // Stock of the one product: both sales, no orphan level of the merged variant.
      expect(
        rows(
          app,
          `SELECT variant_id, qty_milli FROM stock_levels WHERE variant_id IN (SELECT id FROM variants WHERE external_id = 'BONE-01') OR variant_id NOT IN (SELECT id FROM variants)`,
        ),
      ).toEqual(rows(a.app, `SELECT variant_id, qty_milli FROM stock_levels WHERE variant_id = ?`, keptVariant));
    }
    // The central database agrees, and B lists the merges for its owner.
    const central = await sql<{ customer_id: string }>`
      SELECT customer_id FROM sales WHERE tenant_id = ${tenant_id} AND external_id IN ('S-A', 'S-B')`.execute(
      server.central.db,
    );
    expect(central.rows).toEqual([{ customer_id: keptCustomer }, { customer_id: keptCustomer }]);
    const listed = syncStatus(bApp.db, false)
      .merges.items.map((m) => m.table)
      .sort();
    expect(listed).toEqual(['customers', 'products', 'variants']);
  }, 240_000);
});
