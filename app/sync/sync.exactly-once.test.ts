import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { applyOk, apply, openStoreWithCatalog } from '../../test/sales-fixtures';
import { tempDir } from '../../test/helpers';
import {
  freePort,
  startSyncServerProcess,
  syncServerCommand,
  type CentralPlace,
  type ServerProcess,
  syncPushProcess,
} from '../../test/sync-processes';
import { openCentral } from '../../sync-server/db/central';
import { freshPostgres } from '../../sync-server/testing';
import { enrolDevice } from './sync.enrol';
import { isSyncedTable } from './outbox';

const OPS = 2_000;
const CHUNKS = 5;
/** After these chunks the server is SIGKILLed while a push runs, then started again. */
const SERVER_KILLS = new Set([1, 2, 3]);

/** Deterministic PRNG (mulberry32): a failing run can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRICES = { 'TEN-AZ-38': 29990, 'MEIA-01': 1990, 'LIMP-PELE': 15000 } as const;
type Sku = keyof typeof PRICES;

/** Random sales, returns, cancellations and customer edits through `sales.apply`. */
function makeOps(app: Balcao, session: Session, random: () => number, from: number, count: number, open: string[]) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let ok = 0;
  for (let i = from; i < from + count; i++) {
    const r = random();
    const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    let result;
    if (r < 0.55 || open.length === 0) {
      const lines = (['TEN-AZ-38', 'MEIA-01', 'LIMP-PELE'] as Sku[]).filter(() => random() < 0.6);
      const items = (lines.length ? lines : (['MEIA-01'] as Sku[])).map((sku) => ({
        variant_external_id: sku,
        qty: 1 + Math.floor(random() * 3),
      }));
      const total = items.reduce((a, it) => a + PRICES[it.variant_external_id] * it.qty, 0);
      const discount = random() < 0.3 ? Math.floor(total * 0.05) : 0;
      const external_id = `S-${i}`;
      result = apply(app, session, 'register_sale', {
        external_id,
        customer_external_id: `C${1 + Math.floor(random() * 20)}`,
        location_external_id: 'LJ01',
        channel: 'LOJA',
        occurred_at: at,
        items,
        discount_amount: discount,
        payments: [{ method: pick(['pix', 'dinheiro', 'cartao_credito'] as const), amount: total - discount }],
      });
      if (result.ok) open.push(external_id);
    } else if (r < 0.7) {
      const ref = open.splice(Math.floor(random() * open.length), 1)[0];
      result = apply(app, session, 'register_cancellation', {
        reference_external_id: ref,
        reason: 'desistiu',
        occurred_at: at,
      });
    } else if (r < 0.82) {
      const ref = open.splice(Math.floor(random() * open.length), 1)[0];
      result = apply(app, session, 'register_return', {
        external_id: `R-${i}`,
        reference_external_id: ref,
        items: [{ variant_external_id: 'MEIA-01', qty: 1 }],
        reason: 'troca',
        condition: pick(['revenda', 'avariado'] as const),
        refund_method: 'original',
        occurred_at: at,
      });
    } else {
      result = apply(app, session, 'update_customer_data', {
        external_id: `C${1 + Math.floor(random() * 20)}`,
        name: `Cliente ${Math.floor(random() * 1000)}`,
        phone: `1198765${String(Math.floor(random() * 10_000)).padStart(4, '0')}`,
      });
    }
    if (result.ok) ok++;
  }
  return ok;
}

type Row = Record<string, unknown>;
/** Values compared as text: central BIGINTs may come back as strings or bigints. */
function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe('exactly once', () => {
  it('central equals the desktop after 2,000 operations with the server and the push loop SIGKILLed', async () => {
    const random = prng(20261130);
    const dir = tempDir();
    const place: CentralPlace = process.env.TEST_DATABASE_URL
      ? { databaseUrl: await freshPostgres({ migrated: true }) }
      : { dataDir: join(dir, 'central') };
    const port = await freePort();
    const created = await syncServerCommand(['create-tenant', '--name', 'Rede Caos', '--json'], place);
    const tenant = JSON.parse(created.stdout) as { tenant_id: string; enrolment_code: string };
    let server: ServerProcess = await startSyncServerProcess(port, place);
    cleanups.push(() => void server.child.kill('SIGKILL'));

    const { app, session } = await openStoreWithCatalog();
    const dbPath = app.db.raw.name;
    await enrolDevice(app.db, { server_url: server.url, code: tenant.enrolment_code }, { now: () => new Date() });
    for (let c = 1; c <= 20; c++)
      applyOk(app, session, 'update_customer_data', { external_id: `C${c}`, name: `Cliente ${c}` });

    const open: string[] = [];
    let applied = 0;
    let midBatchKills = 0;
    const acked = () => app.db.raw.prepare('SELECT count(pushed_at) FROM sync_outbox').pluck().get() as number;
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      applied += makeOps(app, session, random, chunk * (OPS / CHUNKS), OPS / CHUNKS, open);
      const before = acked();
      const push = syncPushProcess(dbPath);
      // Kill the push loop once it has had at least one answer, i.e. in the middle of its batches.
      for (let i = 0; i < 400 && push.child.exitCode === null && acked() === before; i++) await sleep(25);
      if (SERVER_KILLS.has(chunk)) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      if (push.child.exitCode === null) {
        push.child.kill('SIGKILL');
        if (acked() > before) midBatchKills++;
      }
      await push.done;
      if (SERVER_KILLS.has(chunk)) server = await startSyncServerProcess(port, place);
    }
    expect(applied).toBeGreaterThan(OPS * 0.9);
    expect(midBatchKills).toBeGreaterThanOrEqual(3);

    const final = await syncPushProcess(dbPath).done;
    expect({
      code: final.code,
      stdout: final.stdout,
      stderr: final.stderr,
      server: server.output().slice(-2000),
    }).toMatchObject({ code: 0 });
    const summary = JSON.parse(final.stdout) as { pushed: number; skipped: number; rejected: number; pending: number };
    expect(summary).toMatchObject({ rejected: 0, pending: 0 });
    server.child.kill('SIGTERM');
    await server.exited;

    const central = await openCentral(
      'dataDir' in place ? { dataDir: place.dataDir } : { databaseUrl: place.databaseUrl },
    );
    cleanups.push(() => central.close());
    const outbox = app.db.raw
      .prepare('SELECT count(*) AS n, count(pushed_at) AS pushed, count(rejected_code) AS rejected FROM sync_outbox')
      .get() as { n: number; pushed: number; rejected: number };
    expect(outbox).toEqual({ n: outbox.n, pushed: outbox.n, rejected: 0 });

    const tables = (app.db.raw.prepare('SELECT DISTINCT table_name FROM sync_outbox').pluck().all() as string[]).filter(
      isSyncedTable,
    );
    expect(tables).toEqual(expect.arrayContaining(['sales', 'cancellations', 'returns', 'customers', 'payments']));
    for (const table of tables) {
      const key = table === 'barcodes' ? 'code' : 'id';
      const local = app.db.raw.prepare(`SELECT * FROM "${table}" ORDER BY "${key}"`).all() as Row[];
      const remote = (
        await sql<Row>`SELECT * FROM ${sql.table(table)} WHERE tenant_id = ${tenant.tenant_id} ORDER BY ${sql.ref(key)}`.execute(
          central.db,
        )
      ).rows;
      expect({ table, count: remote.length }).toEqual({ table, count: local.length });
      const columns = Object.keys(local[0] ?? {});
      const project = (rows: Row[]) => rows.map((r) => columns.map((c) => norm(r[c])));
      expect({ table, rows: project(remote) }).toEqual({ table, rows: project(local) });
    }

    const log = (
      await sql<{
        seq: string | number;
        mutation_id: string;
      }>`SELECT seq, mutation_id FROM sync_log WHERE tenant_id = ${tenant.tenant_id} ORDER BY seq`.execute(central.db)
    ).rows;
    expect(log.map((r) => Number(r.seq))).toEqual(Array.from({ length: outbox.n }, (_, i) => i + 1));
    expect(new Set(log.map((r) => r.mutation_id)).size).toBe(outbox.n);
  }, 420_000);
});
