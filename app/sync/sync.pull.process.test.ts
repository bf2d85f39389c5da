import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog } from '../../test/sales-fixtures';
import { openTestApp } from '../../test/helpers';
import { ROOT } from '../../test/processes';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import type { SyncServer } from '../../sync-server/server';
import { testServer } from '../../sync-server/testing';
import { newSession } from '../contract/context';
import { enrolDevice } from './sync.enrol';
import { pushUntilDone } from './sync.push';

// Small pages, so the customers' snapshot spans many pages a kill can fall between.
process.env.SYNC_SHAPE_PAGE_ROWS = '7';
const CUSTOMERS = 200;
const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

function cliProcess(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'app/cli/bin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BALCAO_LOG: 'silent' },
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout })),
  );
  return { child, done };
}

describe('sync pull / sync run as processes', () => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer('pglite');
  }, 120_000);

  it('resumes after a SIGKILL mid-pull without loss or a page applied twice; sync run exits by itself', async () => {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Teste');
    const code = async () => (await createEnrolmentCode(server.central.db, tenant_id)).enrolment_code;
    const a = await openStoreWithCatalog();
    for (let i = 0; i < CUSTOMERS; i++) {
      applyOk(a.app, a.session, 'update_customer_data', { external_id: `K${i}`, name: `Cliente ${i}` });
    }
    await enrolDevice(a.app.db, { server_url: server.url, code: await code() }, clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    const b = await openTestApp();
    const setup = b.dispatch(
      'store.setup',
      { store: { name: 'Loja Shopping', code: 'LJ02' }, owner: { name: 'Bia', login: 'bia', pin: '4321' } },
      newSession(),
    );
    expect(setup.ok).toBe(true);
    await enrolDevice(b.db, { server_url: server.url, code: await code() }, clock);
    const path = b.db.raw.name;
    b.close();

    const killed = cliProcess(['sync', 'pull', '--db', path, '--json']);
    const watcher = new BetterSqlite3(path, { readonly: true });
    const customersPulled = () =>
      (watcher.prepare(`SELECT rows_applied FROM sync_shapes WHERE table_name = 'customers'`).pluck().get() as
        number | undefined) ?? 0;
    while (customersPulled() < 30) await sleep(20);
    killed.child.kill('SIGKILL');
    await killed.done;
    const atKill = customersPulled();
    expect(atKill).toBeLessThan(CUSTOMERS + 1);

    const run = cliProcess(['sync', 'run', '--db', path, '--json']);
    const result = await run.done;
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      stopped: string;
      pull: { tables: { table: string; applied: number }[] };
    };
    expect(printed.stopped).toBe('done');
    expect(printed.pull.tables.find((t) => t.table === 'customers')?.applied).toBe(CUSTOMERS + 1 - atKill);
    // Every customer of A is on B once, and the pages applied add up to exactly that many rows.
    const names = (db: BetterSqlite3.Database) =>
      db.prepare(`SELECT external_id, name FROM customers ORDER BY external_id`).all();
    expect(names(watcher)).toEqual(names(a.app.db.raw));
    expect(customersPulled()).toBe(CUSTOMERS + 1);
    watcher.close();

    // A new desktop joining A's store is a first sync (indexes and derived triggers dropped):
    // killed mid-download, the same command resumes it, and the rebuild leaves the schema whole.
    const c = await openTestApp();
    const schema = (db: BetterSqlite3.Database) =>
      db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`).all();
    const fresh = schema(c.db.raw);
    const cPath = c.db.raw.name;
    c.close();
    const store = a.app.db.raw.prepare('SELECT code FROM stores LIMIT 1').pluck().get() as string;
    const join = ['sync', 'enrol', '--db', cPath, '--server', server.url, '--code', await code()];
    join.push('--store', store, '--register', 'CX9', '--json');
    const joining = cliProcess(join);
    const cWatch = new BetterSqlite3(cPath, { readonly: true });
    const joined = () =>
      (cWatch.prepare(`SELECT rows_applied FROM sync_shapes WHERE table_name = 'customers'`).pluck().get() as
        number | undefined) ?? 0;
    while (joined() < 30) await sleep(20);
    joining.child.kill('SIGKILL');
    await joining.done;
    expect(cWatch.prepare('SELECT count(*) FROM sync_first_sync').pluck().get()).toBeGreaterThan(1);
    const resumed = await cliProcess(join).done;
    expect(resumed.code).toBe(0);
    expect(cWatch.prepare('SELECT count(*) FROM sync_first_sync').pluck().get()).toBe(0);
    expect(schema(cWatch)).toEqual(fresh);
    expect(names(cWatch)).toEqual(names(a.app.db.raw));
    const found = cWatch
      .prepare(`SELECT count(*) FROM customer_search WHERE customer_search MATCH 'cliente'`)
      .pluck()
      .get();
    expect(found).toBe(CUSTOMERS);
    cWatch.close();
  }, 120_000);
});
