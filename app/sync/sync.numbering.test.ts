import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { migratedDbPath, OWNER } from '../../test/helpers';
import { newSession } from '../contract/context';
import { openBalcao } from '../balcao';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import { createApiKey } from '../../sync-server/api/keys';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import { enrolDevice } from './sync.enrol';
import { joinStore } from './sync.join';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';
import { settleAcrossDesktops, settleAfterRestore } from './sync.settle.fixtures';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

/**
 * Sales imported without a register are numbered per desktop: two desktops of one store that
 * import offline must not produce the same number (sales(number) is UNIQUE on every desktop and
 * NOT merged — a collision on pull would be taken for "the same row" and merge two different
 * sales).
 */
describe('imported sales without a register, two desktops of one store', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('get numbers unique per desktop, and every sale survives both syncs', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Numeração');
    const code = async () => (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code;
    const a = await openStoreWithCatalog();
    // Imported before this desktop was enrolled: the number it already has is kept.
    applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-0' }));
    await enrolDevice(a.app.db, { server_url: server.url, code: await code() }, clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    const bDb = await openBalcao(await migratedDbPath());
    try {
      await joinStore(
        bDb.db,
        { server_url: server.url, code: await code(), store: 'LJ01', register: 'CX2' },
        { clock },
      );
      const bSession = newSession();
      expect(bDb.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, bSession)).toMatchObject({ ok: true });

      // Both offline: each imports two sales with no register.
      applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-1' }));
      applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-2' }));
      applyOk(bDb, bSession, 'register_sale', saleData({ external_id: 'B-1' }));
      applyOk(bDb, bSession, 'register_sale', saleData({ external_id: 'B-2' }));
      const numbers = (db: typeof bDb.db) =>
        db.raw.prepare('SELECT external_id, number FROM sales ORDER BY external_id').all();
      expect(numbers(a.app.db)).toEqual([
        { external_id: 'A-0', number: 'LJ01-EXT-000001' },
        { external_id: 'A-1', number: 'LJ01-CX1-EXT-000002' },
        { external_id: 'A-2', number: 'LJ01-CX1-EXT-000003' },
      ]);
      expect(numbers(bDb.db)).toEqual([
        { external_id: 'A-0', number: 'LJ01-EXT-000001' },
        { external_id: 'B-1', number: 'LJ01-CX2-EXT-000002' },
        { external_id: 'B-2', number: 'LJ01-CX2-EXT-000003' },
      ]);

      // Both sync (push, then pull, twice round so each sees the other's).
      for (const db of [a.app.db, bDb.db, a.app.db, bDb.db]) {
        expect((await pushUntilDone(db, { clock })).rejected).toBe(0);
        const pull = await pullUntilUpToDate(db, { clock });
        expect(pull.stopped).toBe('done');
      }
      const expected = [
        { external_id: 'A-0', number: 'LJ01-EXT-000001' },
        { external_id: 'A-1', number: 'LJ01-CX1-EXT-000002' },
        { external_id: 'A-2', number: 'LJ01-CX1-EXT-000003' },
        { external_id: 'B-1', number: 'LJ01-CX2-EXT-000002' },
        { external_id: 'B-2', number: 'LJ01-CX2-EXT-000003' },
      ];
      expect(numbers(a.app.db)).toEqual(expected);
      expect(numbers(bDb.db)).toEqual(expected);
      const merges = (db: typeof bDb.db) => db.raw.prepare('SELECT count(*) FROM sync_merges').pluck().get();
      expect([merges(a.app.db), merges(bDb.db)]).toEqual([0, 0]);
      // Each sale kept its own items on both desktops.
      const items = (db: typeof bDb.db) =>
        db.raw
          .prepare(
            `SELECT s.external_id, count(i.id) AS n FROM sales s JOIN sale_items i ON i.sale_id = s.id
             GROUP BY s.id ORDER BY s.external_id`,
          )
          .all();
      expect(items(a.app.db)).toEqual(expected.map((e) => ({ external_id: e.external_id, n: 2 })));
      expect(items(bDb.db)).toEqual(items(a.app.db));
      // The next import continues after the highest number of the store.
      applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-3' }));
      expect(a.app.db.raw.prepare(`SELECT number FROM sales WHERE external_id = 'A-3'`).pluck().get()).toBe(
        'LJ01-CX1-EXT-000004',
      );
      // For another store, this desktop's register code alone could be that store's own register:
      // the tag names its store too.
      applyOk(a.app, a.session, 'upsert_location', {
        external_id: 'LJ02',
        name: 'Loja Shopping',
        timezone: 'America/Sao_Paulo',
      });
      applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-4', location_external_id: 'LJ02' }));
      expect(a.app.db.raw.prepare(`SELECT number FROM sales WHERE external_id = 'A-4'`).pluck().get()).toBe(
        'LJ02-LJ01CX1-EXT-000001',
      );

      // The external sales API numbers on the server's replica with its own tag.
      const { api_key } = await createApiKey(server.central.db, tenant_id);
      const posted = await fetch(`${server.url}/api/v1/sales`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${api_key}` },
        body: JSON.stringify({
          action: 'register_sale',
          transaction_data: { external_id: 'API-1', items: [{ variant_external_id: 'MEIA-01', qty: 1 }] },
        }),
      });
      expect(posted.status).toBe(200);
      expect((await pullUntilUpToDate(a.app.db, { clock })).stopped).toBe('done');
      expect(a.app.db.raw.prepare(`SELECT number FROM sales WHERE external_id = 'API-1'`).pluck().get()).toBe(
        'LJ01-API-EXT-000004',
      );
    } finally {
      bDb.close();
    }
  }, 180_000);

  // On this file's server (one PGlite boot): `sync.settle.fixtures.ts` tells the story.
  it('a number the server refused (a desktop restored from an older backup sells again) is settled: renumbered, resent, converged', async () => {
    await settleAfterRestore(server);
  }, 60_000);

  it('two desktops that pushed one number: the first renumbers its own sale through the server, the second takes it by itself', async () => {
    await settleAcrossDesktops(server);
  }, 60_000);
});
