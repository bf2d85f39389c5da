import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { OWNER, openTestApp, tempDbPath } from '../../test/helpers';
import { newSession } from '../contract/context';
import { openBalcao } from '../balcao';
import { runCli } from '../cli/main';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import { enrolDevice } from './sync.enrol';
import { joinStore } from './sync.join';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a new desktop joins an existing store', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const code = async (tenant: string) => (await createEnrolmentCode(server.central.db, tenant)).enrolment_code;

  /** Desktop A: store LJ01 (register CX1) with catalog, customer and a sale, enrolled and pushed. */
  async function firstDesktop() {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Junta');
    const a = await openStoreWithCatalog();
    applyOk(a.app, a.session, 'register_sale', saleData({ register: 'CX1' }));
    await enrolDevice(a.app.db, { server_url: server.url, code: await code(tenant_id) }, clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    return { tenant_id, a };
  }

  it('sync enrol --store --register downloads the store, users, catalog, customers and history, then sells on its own register', async () => {
    const { tenant_id, a } = await firstDesktop();
    const path = tempDbPath();
    // The register A already uses is refused (pt-BR), after the download; the enrolment stays,
    // so the same command with another register finishes without a new code.
    const taken = await cli([
      'sync',
      'enrol',
      '--db',
      path,
      '--server',
      server.url,
      '--code',
      await code(tenant_id),
      '--store',
      'lj01',
      '--register',
      'CX1',
      '--json',
    ]);
    expect(JSON.parse(taken.out)).toEqual({
      ok: false,
      error: {
        code: 'register_taken',
        message: 'O caixa CX1 já existe na loja LJ01: escolha outro código para este computador.',
      },
    });
    const joined = await cli([
      'sync',
      'enrol',
      '--db',
      path,
      '--server',
      server.url,
      '--code',
      'JA-USADO',
      '--store',
      'LJ01',
      '--register',
      'CX2',
      '--json',
    ]);
    expect(joined.code).toBe(0);
    const view = JSON.parse(joined.out) as { ok: true; value: Record<string, unknown> };
    const storeA = a.app.db.raw.prepare(`SELECT id FROM stores WHERE code = 'LJ01'`).pluck().get();
    expect(view.value).toMatchObject({
      joined: true,
      tenant_id,
      store_id: storeA,
      store_code: 'LJ01',
      register: { code: 'CX2', name: 'Caixa CX2' },
    });
    expect(joined.out).not.toMatch(/bst_/);

    const b = await openBalcao(path);
    try {
      const one = (sql: string) => b.db.raw.prepare(sql).get();
      expect(one(`SELECT name, cpf FROM customers WHERE external_id = 'C01'`)).toEqual({
        name: 'Maria Silva',
        cpf: '52998224725',
      });
      expect(one(`SELECT count(*) AS n FROM variants`)).toEqual(
        a.app.db.raw.prepare('SELECT count(*) AS n FROM variants').get(),
      );
      expect(one(`SELECT s.number, st.status FROM sales s JOIN sale_state st ON st.sale_id = s.id`)).toEqual({
        number: 'LJ01-CX1-000001',
        status: 'completa',
      });
      // Usable: A's owner signs in here with her PIN, and this desktop sells on CX2.
      const session = newSession();
      expect(b.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, session)).toMatchObject({ ok: true });
      expect(b.dispatch('app.status', {}, session)).toMatchObject({
        ok: true,
        value: { setupDone: true, register: { code: 'CX2' } },
      });
      const sale = b.dispatch(
        'sales.apply',
        {
          action: 'register_sale',
          transaction_data: saleData({
            external_id: 'S-B1',
            register: 'CX2',
            payments: [{ method: 'pix', amount: 34960 }],
          }),
          metadata: { system_source: 'test' },
        },
        session,
      );
      expect(sale).toMatchObject({ ok: true });
      expect(one(`SELECT number FROM sales WHERE external_id = 'S-B1'`)).toEqual({ number: 'LJ01-CX2-000001' });
      expect((await pushUntilDone(b.db, { clock })).rejected).toBe(0);
    } finally {
      b.close();
    }
    // A sees B's register and sale, and nothing collided.
    const pull = await pullUntilUpToDate(a.app.db, { clock });
    expect(pull.stopped).toBe('done');
    expect(pull.tables.reduce((n, t) => n + t.conflicts, 0)).toBe(0);
    expect(a.app.db.raw.prepare(`SELECT number FROM sales ORDER BY number`).pluck().all()).toEqual([
      'LJ01-CX1-000001',
      'LJ01-CX2-000001',
    ]);
    expect(a.app.db.raw.prepare(`SELECT code FROM registers ORDER BY code`).pluck().all()).toEqual(['CX1', 'CX2']);
  }, 180_000);

  it('refuses an unknown store, a desktop that has its own store, and a bad register code', async () => {
    const { tenant_id } = await firstDesktop();
    const fresh = await openTestApp();
    await expect(
      joinStore(
        fresh.db,
        { server_url: server.url, code: await code(tenant_id), store: 'LJ09', register: 'CX2' },
        { clock },
      ),
    ).rejects.toMatchObject({
      code: 'sync_enrol_refused',
      userMessage:
        'Essa loja não existe na rede (ou ainda não enviou seus dados ao servidor). Confira o código da loja.',
    });
    expect(fresh.db.raw.prepare('SELECT count(*) FROM sync_device').pluck().get()).toBe(0);

    const own = await openStoreWithCatalog();
    await expect(
      joinStore(
        own.app.db,
        { server_url: server.url, code: await code(tenant_id), store: 'LJ01', register: 'CX2' },
        { clock },
      ),
    ).rejects.toMatchObject({ code: 'already_setup' });

    const bad = await cli([
      'sync',
      'enrol',
      '--db',
      tempDbPath(),
      '--server',
      server.url,
      '--code',
      'X',
      '--store',
      'LJ01',
      '--register',
      'caixa 2',
      '--json',
    ]);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  }, 180_000);

  it('a desktop with its own store whose code another store of the tenant has is refused at enrolment', async () => {
    const { tenant_id } = await firstDesktop();
    const other = await openStoreWithCatalog(); // also LJ01, another store
    await expect(
      enrolDevice(other.app.db, { server_url: server.url, code: await code(tenant_id) }, clock),
    ).rejects.toMatchObject({ code: 'sync_enrol_refused', details: { server_code: 'store_code_taken' } });
    expect(other.app.db.raw.prepare('SELECT count(*) FROM sync_device').pluck().get()).toBe(0);
  }, 180_000);
});
