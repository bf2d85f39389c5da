import { beforeAll, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { enrolDevice } from '../../app/sync/sync.enrol';
import { pushUntilDone } from '../../app/sync/sync.push';
import { createEnrolmentCode, createTenant } from '../admin';
import type { SyncServer } from '../server';
import { loadCatalog } from '../synced-tables';
import { describeEngines, testServer } from '../testing';
import { tenantPosition } from './cache';
import { replayLog } from './refresh';
import { buildReplica, replicaTables } from './replica';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

describeEngines('tenant replica', (engine) => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer(engine);
  }, 120_000);

  it('is built from central with the projections, follows the log by replay, and scopes by store', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Réplica');
    const desk = await openStoreWithCatalog();
    await enrolDevice(
      desk.app.db,
      { server_url: server.url, code: (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code },
      clock,
    );
    expect((await pushUntilDone(desk.app.db, { clock })).stopped).toBe('done');
    const catalog = await loadCatalog(server.central.db);
    const replica = await buildReplica(server.central.db, catalog, tenant_id);
    try {
      expect(replica.lastSeq).toBe(await tenantPosition(server.central.db, tenant_id));
      const one = <T>(text: string) => replica.db.raw.prepare(text).get() as T;
      expect(one(`SELECT count(*) AS n FROM variants`)).toEqual({ n: 3 });
      expect(one(`SELECT count(*) AS n FROM sales`)).toEqual({ n: 0 });

      applyOk(desk.app, desk.session, 'register_sale', saleData());
      applyOk(desk.app, desk.session, 'update_customer_data', { external_id: 'C01', name: 'Maria S. Lima' });
      expect((await pushUntilDone(desk.app.db, { clock })).stopped).toBe('done');
      const tables = new Set(replicaTables(catalog));
      expect(await replayLog(server.central.db, catalog, tenant_id, replica, tables)).toBe(true);
      expect(replica.lastSeq).toBe(await tenantPosition(server.central.db, tenant_id));
      expect(
        one(`SELECT st.status, st.total_cents, st.paid_cents FROM sales s JOIN sale_state st ON st.sale_id = s.id
             WHERE s.external_id = 'S-1'`),
      ).toEqual({ status: 'completa', total_cents: 34960, paid_cents: 34960 });
      expect(one(`SELECT count(*) AS n FROM sale_items`)).toEqual({ n: 2 });
      expect(one(`SELECT name FROM customers WHERE external_id = 'C01'`)).toEqual({ name: 'Maria S. Lima' });
      expect(one(`SELECT count(*) AS n FROM analytics_sales`)).toEqual({ n: 1 });
      expect(one(`SELECT count(*) AS n FROM sync_outbox`)).toEqual({ n: 0 });
    } finally {
      replica.db.raw.close();
    }
    const elsewhere = await buildReplica(server.central.db, catalog, tenant_id, { storeId: 'another-store' });
    try {
      expect(elsewhere.sales).toBe(0);
      expect(elsewhere.db.raw.prepare(`SELECT count(*) AS n FROM sale_items`).get()).toEqual({ n: 0 });
      expect(elsewhere.db.raw.prepare(`SELECT count(*) AS n FROM variants`).get()).toEqual({ n: 3 });
    } finally {
      elsewhere.db.raw.close();
    }
  }, 120_000);
});
