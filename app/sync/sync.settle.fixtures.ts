import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData, stockMilli } from '../../test/sales-fixtures';
import { migratedDbPath, OWNER } from '../../test/helpers';
import { newSession, type Session } from '../contract/context';
import { openBalcao, type Balcao } from '../balcao';
import { writeBackupFile } from '../backup/backup.file';
import { restoreDatabase } from '../backup/backup.restore';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { enrolDevice } from './sync.enrol';
import { joinStore } from './sync.join';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';
import { rejectedMutations } from './sync.state';
import { putSetting } from '../settings/settings.queries';
import { SALE_NUMBER_TAG_KEY } from '../sales/sale-number';
import { keyConflictsView, settleKeyConflict } from './sync.settle';
import { LiveFollower } from './sync.live';
import { renumberOnServerAsync } from './sync.settle.server';

/** Test support for settling held sales (`sync.settle.test.ts`, `sync.numbering.test.ts`). */

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
export type Row = Record<string, unknown>;
export const all = (app: Balcao, query: string, ...params: unknown[]) =>
  app.db.raw.prepare(query).all(...params) as Row[];
export const one = (app: Balcao, query: string, ...params: unknown[]) =>
  app.db.raw
    .prepare(query)
    .pluck()
    .get(...params);

/** Per sale (by external id): number, item/payment/movement counts and status. */
export function saleSummary(app: Balcao) {
  return all(
    app,
    `SELECT s.external_id, s.number,
       (SELECT count(*) FROM sale_items i WHERE i.sale_id = s.id) AS items,
       (SELECT count(*) FROM payments p WHERE p.sale_id = s.id) AS payments,
       (SELECT count(*) FROM stock_movements m WHERE m.reference_id = s.id) AS movements,
       (SELECT status FROM sale_state t WHERE t.sale_id = s.id) AS status
     FROM sales s ORDER BY s.external_id`,
  );
}

/** Stock levels equal the sum of the movements (and what they are). */
export function stock(app: Balcao) {
  const levels = all(app, 'SELECT variant_id, store_id, qty_milli FROM stock_levels ORDER BY variant_id, store_id');
  const sums = all(
    app,
    `SELECT variant_id, store_id, sum(qty_milli) AS qty_milli FROM stock_movements
     GROUP BY variant_id, store_id ORDER BY variant_id, store_id`,
  );
  return { levels, sums };
}

export function login(app: Balcao): Session {
  const session = newSession();
  expect(app.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, session)).toMatchObject({ ok: true });
  return session;
}

/**
 * A desktop restored from a backup taken before its last sale, then selling again, gives the
 * same number to a new sale: the server refuses that sale's insert (the number is taken under
 * this device: `constraint_violation`) and the pull holds the server's sale. Settling renumbers
 * the local sale, resends it and writes the server's: both sales with distinct numbers, their
 * rows complete, stock and sale states right, `foreign_key_check` empty, the renumbered sale on
 * the server after the next push, and a second desktop joining holds the same.
 */
export async function settleAfterRestore(server: SyncServer): Promise<void> {
  const { tenant_id } = await createTenant(server.central.db, 'Rede Conflito');
  const code = async () => (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code;
  const a = await openStoreWithCatalog();
  await enrolDevice(a.app.db, { server_url: server.url, code: await code() }, clock);
  expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
  const backup = join(mkdtempSync(join(tmpdir(), 'balcao-settle-')), 'antes.sqlite3');
  await writeBackupFile(a.app.db.raw, backup);
  const stockAtBackup = [stockMilli(a.app, 'TEN-AZ-38'), stockMilli(a.app, 'MEIA-01')];

  // The sale the server keeps; then the desktop goes back to the backup and sells again.
  applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'S-1' }));
  expect((await pushUntilDone(a.app.db, { clock })).rejected).toBe(0);
  await a.app.reopen((path) => restoreDatabase(path, backup, { now: clock.now() }));
  const session = login(a.app);
  applyOk(a.app, session, 'register_sale', saleData({ external_id: 'L-1' }));
  expect(saleSummary(a.app).map((s) => s.number)).toEqual(['LJ01-CX1-EXT-000001']);
  const pushed = await pushUntilDone(a.app.db, { clock });
  expect(pushed.rejected).toBe(1);
  expect(rejectedMutations(a.app.db).items.map((r) => [r.table, r.code])).toEqual([['sales', 'constraint_violation']]);
  expect((await pullUntilUpToDate(a.app.db, { clock })).stopped).toBe('done');
  const serverSale = String(one(a.app, `SELECT row_id FROM sync_key_conflicts WHERE table_name = 'sales'`));
  expect(all(a.app, 'SELECT DISTINCT table_name FROM sync_key_conflicts ORDER BY 1').map((r) => r.table_name)).toEqual([
    'payments',
    'sale_items',
    'sale_status_history',
    'sales',
    'stock_movements',
  ]);

  const result = a.app.dispatch('sync.key_conflicts.settle', { row_id: serverSale }, session);
  expect(result).toMatchObject({
    ok: true,
    value: {
      sale_id: serverSale,
      number: 'LJ01-CX1-EXT-000001',
      renumbered: { from: 'LJ01-CX1-EXT-000001', to: 'LJ01-CX1-EXT-000002' },
    },
  });
  const expected = [
    { external_id: 'L-1', number: 'LJ01-CX1-EXT-000002', items: 2, payments: 1, movements: 2, status: 'completa' },
    { external_id: 'S-1', number: 'LJ01-CX1-EXT-000001', items: 2, payments: 1, movements: 2, status: 'completa' },
  ];
  expect(saleSummary(a.app)).toEqual(expected);
  expect(one(a.app, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
  expect(a.app.db.raw.pragma('foreign_key_check')).toEqual([]);
  const { levels, sums } = stock(a.app);
  expect(levels).toEqual(sums);
  // Both sales took their quantities from the stock the backup had (1 tênis and 3 meias each).
  expect([stockMilli(a.app, 'TEN-AZ-38'), stockMilli(a.app, 'MEIA-01')]).toEqual([
    stockAtBackup[0]! - 2000,
    stockAtBackup[1]! - 6000,
  ]);
  // The history says why.
  expect(
    one(
      a.app,
      `SELECT reason FROM sale_status_history h JOIN sales s ON s.id = h.sale_id
       WHERE s.external_id = 'L-1' AND reason LIKE 'Renumerada%'`,
    ),
  ).toBe(
    'Renumerada de LJ01-CX1-EXT-000001 para LJ01-CX1-EXT-000002: o servidor já tinha outra venda com o número LJ01-CX1-EXT-000001',
  );
  // Settled once: a second call says so and changes nothing.
  expect(a.app.dispatch('sync.key_conflicts.settle', { row_id: serverSale }, session)).toMatchObject({
    ok: false,
    error: { code: 'key_conflict_not_found' },
  });

  // The renumbered sale reaches the server on the next push; the refusal is gone.
  const again = await pushUntilDone(a.app.db, { clock });
  expect([again.rejected, again.pending, rejectedMutations(a.app.db).total]).toEqual([0, 0, 0]);
  const central = await sql<{ external_id: string; number: string }>`
    SELECT external_id, number FROM sales WHERE tenant_id = ${tenant_id} ORDER BY external_id`.execute(
    server.central.db,
  );
  expect(central.rows).toEqual(expected.map((e) => ({ external_id: e.external_id, number: e.number })));

  // A second desktop joins and holds the same sales, no conflict.
  const b = await openBalcao(await migratedDbPath());
  try {
    await joinStore(b.db, { server_url: server.url, code: await code(), store: 'LJ01', register: 'CX2' }, { clock });
    expect(saleSummary(b)).toEqual(expected);
    expect(one(b, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
    expect(b.db.raw.pragma('foreign_key_check')).toEqual([]);
    expect(stock(b).levels).toEqual(stock(a.app).levels);
  } finally {
    b.close();
  }
}

/**
 * Two desktops of a store that both gave one number (legacy numbering: the same import tag on
 * both) and pushed: the server keeps both (its UNIQUE is per device), each desktop holds the
 * other's. Settling on the first renumbers its own, acknowledged sale through the server
 * (`POST /v1/sales/renumber`) and writes the other's; the second desktop's next pull brings the
 * new number into its held copy, which then goes in by itself: all three hold the same.
 */
export async function settleAcrossDesktops(server: SyncServer): Promise<void> {
  const { tenant_id } = await createTenant(server.central.db, 'Rede Legado');
  const code = async () => (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code;
  const a = await openStoreWithCatalog();
  await enrolDevice(a.app.db, { server_url: server.url, code: await code() }, clock);
  expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
  const b = await openBalcao(await migratedDbPath());
  try {
    await joinStore(b.db, { server_url: server.url, code: await code(), store: 'LJ01', register: 'CX2' }, { clock });
    const bSession = login(b);
    for (const app of [a.app, b]) putSetting(app.db, SALE_NUMBER_TAG_KEY, 'LEGADO', clock.now().toISOString());
    applyOk(a.app, a.session, 'register_sale', saleData({ external_id: 'A-1' }));
    applyOk(b, bSession, 'register_sale', saleData({ external_id: 'B-1' }));
    for (const app of [a.app, b]) expect((await pushUntilDone(app.db, { clock })).rejected).toBe(0);
    for (const app of [a.app, b]) expect((await pullUntilUpToDate(app.db, { clock })).stopped).toBe('done');
    const heldOnA = String(one(a.app, `SELECT row_id FROM sync_key_conflicts WHERE table_name = 'sales'`));
    // The server's replica for all-store reports holds one of the two as well.
    const token = String(one(a.app, 'SELECT token FROM sync_device'));
    const salesReported = async () => {
      const res = await fetch(`${server.url}/v1/reports/kpis?from=2026-11-01&to=2026-11-30`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { result: { by_location: { sales: number }[] } };
      return body.result.by_location.reduce((n, l) => n + l.sales, 0);
    };
    expect(await salesReported()).toBe(1);
    expect(keyConflictsView(a.app.db).items.find((i) => i.row_id === heldOnA)?.settle).toBe('server');
    // The other desktop follows its sales live: the renumber arrives there as it happens.
    let freed!: () => void;
    const freedOnB = new Promise<void>((resolve) => (freed = resolve));
    const follower = new LiveFollower(b.db, {
      clock,
      tables: ['sales'],
      onApplied: () => {
        if (one(b, 'SELECT count(*) FROM sync_key_conflicts') === 0) freed();
      },
    });
    expect(follower.start()).toBe(true);

    // The op blocks on its POST (a desktop's sync server is another process); this server runs in
    // this process, which a blocked thread would never let answer. So the same request is awaited
    // first, and the settlement is handed a renumber that checks it asks for that very number.
    const localA = String(one(a.app, `SELECT id FROM sales WHERE external_id = 'A-1'`));
    const target = { number: 'LJ01-LEGADO-EXT-000002', seq: 2 };
    await renumberOnServerAsync(a.app.db, localA, target);
    const ctx = { db: a.app.db, session: a.session, clock };
    const settled = settleKeyConflict(ctx, heldOnA, false, (_db, id, to) => expect([id, to]).toEqual([localA, target]));
    expect(settled).toMatchObject({ renumbered: { from: 'LJ01-LEGADO-EXT-000001', to: 'LJ01-LEGADO-EXT-000002' } });
    const expected = [
      { external_id: 'A-1', number: 'LJ01-LEGADO-EXT-000002', items: 2, payments: 1, movements: 2, status: 'completa' },
      { external_id: 'B-1', number: 'LJ01-LEGADO-EXT-000001', items: 2, payments: 1, movements: 2, status: 'completa' },
    ];
    expect(saleSummary(a.app)).toEqual(expected);
    expect(a.app.db.raw.pragma('foreign_key_check')).toEqual([]);
    const central = await sql<{ external_id: string; number: string }>`
      SELECT external_id, number FROM sales WHERE tenant_id = ${tenant_id} ORDER BY external_id`.execute(
      server.central.db,
    );
    expect(central.rows).toEqual(expected.map((e) => ({ external_id: e.external_id, number: e.number })));
    // The same request again (a retry after a lost answer) logs nothing more; another device's sale is refused.
    await renumberOnServerAsync(a.app.db, localA, target);
    const heldId = String(one(b, `SELECT id FROM sales WHERE external_id = 'B-1'`));
    await expect(renumberOnServerAsync(a.app.db, heldId, { number: 'LJ01-X-1', seq: 9 })).rejects.toMatchObject({
      code: 'key_conflict_synced',
    });
    const logged = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM sync_log WHERE tenant_id = ${tenant_id} AND table_name = 'sales' AND op = 'update'`.execute(
      server.central.db,
    );
    expect(logged.rows).toEqual([{ n: 1 }]);
    // The replica follows the log: the renumber frees the sale it held.
    expect(await salesReported()).toBe(2);

    // The other desktop: its held copy takes the new number and goes in by itself (live), and
    // the next pull brings the rest (the history row saying why).
    await freedOnB;
    follower.stop();
    expect(saleSummary(b)).toEqual(expected);
    expect((await pushUntilDone(a.app.db, { clock })).rejected).toBe(0);
    expect((await pullUntilUpToDate(b.db, { clock })).stopped).toBe('done');
    expect(saleSummary(b)).toEqual(expected);
    expect(one(b, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
    expect(b.db.raw.pragma('foreign_key_check')).toEqual([]);
    expect(stock(b).levels).toEqual(stock(b).sums);
    expect(stock(b).levels).toEqual(stock(a.app).levels);
    expect(
      one(b, `SELECT count(*) FROM sale_status_history WHERE reason LIKE 'Renumerada de LJ01-LEGADO-EXT-000001%'`),
    ).toBe(1);
  } finally {
    b.close();
  }
}
