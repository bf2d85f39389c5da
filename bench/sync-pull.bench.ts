import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBalcao } from '../app/balcao';
import type { Db } from '../app/db/db';
import { syncedTableList } from '../app/sync/outbox';
import { joinStore } from '../app/sync/sync.join';
import { createEnrolmentCode } from '../sync-server/admin';
import { openCentral } from '../sync-server/db/central';
import { startSyncServer } from '../sync-server/server';
import { freePort, startSyncServerProcess } from '../test/sync-processes';
import { centralWithSource, sourceStore } from './sync-pull.fixture';
import type { Measurement, Verdict } from './harness';

/**
 * A sync server on `databaseUrl`: its own process by default (a desktop and the server are
 * different machines, so they do not share a thread), in this process with
 * BENCH_SYNC_INPROCESS=1 (for `--cpu-prof` of both halves at once).
 */
export async function benchServer(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.BENCH_SYNC_INPROCESS === '1') {
    const server = await startSyncServer({ port: 0, databaseUrl, logLevel: 'silent' });
    return { url: server.url, close: () => server.close() };
  }
  const child = await startSyncServerProcess(await freePort(), { databaseUrl });
  return {
    url: child.url,
    async close() {
      child.child.kill('SIGTERM');
      await child.exited;
    },
  };
}

/** Rows of every synced table on the device, and the projections' sizes (a first sync rebuilds them). */
function deviceCounts(db: Db): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { table } of syncedTableList()) {
    counts.set(table, db.raw.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);
  }
  for (const table of [
    'sale_state',
    'stock_levels',
    'analytics_sales',
    'catalog_search_docs',
    'customer_search_docs',
  ]) {
    counts.set(table, db.raw.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);
  }
  return counts;
}

/** What the first sync must have left: every table as the source, and the projections right. */
function checkCopy(source: Db, device: Db): string[] {
  const want = deviceCounts(source);
  const got = deviceCounts(device);
  const wrong: string[] = [];
  for (const [table, n] of want) {
    // The joining desktop adds its own register.
    const expected = table === 'registers' ? n + 1 : n;
    if (got.get(table) !== expected) wrong.push(`${table}: ${got.get(table)} ≠ ${expected}`);
  }
  const stock = (db: Db) =>
    db.raw
      .prepare(
        `SELECT count(*) || ':' || sum(qty_milli) || ':' || sum(qty_milli * unicode(substr(variant_id, -1))) FROM stock_levels`,
      )
      .pluck()
      .get() as string;
  if (stock(source) !== stock(device)) wrong.push('stock_levels differ');
  const states = (db: Db) =>
    db.raw
      .prepare(
        `SELECT count(*) || ':' || sum(total_cents) || ':' || sum(paid_cents) || ':' || sum(net_cents) || ':' ||
         sum(status = 'completa') || ':' || sum(status = 'cancelada') FROM sale_state`,
      )
      .pluck()
      .get() as string;
  if (states(source) !== states(device)) wrong.push(`sale_state ${states(device)} ≠ ${states(source)}`);
  return wrong;
}

/**
 * Issue 14: the first sync of a new desktop. The central database (native Postgres) of a tenant
 * holds the `demo` store — about 1,000,000 rows over sales, lines, payments, status history,
 * stock movements, customers, products, leads, agenda — loaded with unnest, not through the
 * API; a fresh desktop then joins its store (`sync enrol --store` path: enrol, download every
 * shape through `@electric-sql/client` from the real server, finish) and must be done in under
 * 60 s (Electric publishes about 7 s per million rows for one client). The copy is checked
 * table by table and the projections against the source. Needs BENCH_DATABASE_URL or
 * TEST_DATABASE_URL; without it the suite is skipped and says so.
 */
export async function syncPullBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    console.log('SKIPPED  sync first pull from Postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    return { measurements: [], verdicts: [] };
  }
  const source = await sourceStore();
  const database = await centralWithSource(adminUrl, source);
  const central = await openCentral({ databaseUrl: database.url });
  const dir = join(tmpdir(), 'balcao-bench', `first-sync-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  let server: { url: string; close(): Promise<void> } | undefined;
  let device: Db | undefined;
  try {
    const { enrolment_code } = await createEnrolmentCode(central.db, database.tenantId);
    server = await benchServer(database.url);
    device = (await openBalcao(join(dir, 'new-desktop.sqlite3'))).db;
    const store = source.raw.prepare('SELECT code FROM stores ORDER BY created_at, id LIMIT 1').pluck().get() as string;
    const t0 = Date.now();
    const view = await joinStore(
      device,
      { server_url: server.url, code: enrolment_code, store, register: 'CXB' },
      { clock: { now: () => new Date() } },
    );
    const ms = Date.now() - t0;
    const wrong = checkCopy(source, device);
    const measurement: Measurement = {
      name: `first sync of a new desktop, ${view.downloaded} rows (rows/s; p50 = total ms)`,
      opsPerSecond: (view.downloaded / ms) * 1000,
      p50Ms: ms,
      p95Ms: ms,
    };
    return {
      measurements: [measurement],
      verdicts: [
        {
          label: 'first sync of 1,000,000 rows from native Postgres',
          ok: ms < 60_000 && view.downloaded >= 1_000_000,
          detail: `${(ms / 1000).toFixed(1)} s for ${view.downloaded} rows (limit 60 s; Electric: about 7 s)`,
        },
        {
          label: 'first sync copy complete, projections right',
          ok: wrong.length === 0,
          detail: wrong.join('; ') || 'equal',
        },
      ],
    };
  } finally {
    device?.close();
    await server?.close();
    await central.close();
    await database.drop();
    source.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
