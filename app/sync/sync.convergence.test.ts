import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openBalcao, type Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { migratedDbPath } from '../../test/helpers';
import { booking, openClinic } from '../scheduling/scheduling.fixtures';
import { createEnrolmentCode, createTenant } from '../../sync-server/admin';
import { openCentral } from '../../sync-server/db/central';
import { freshPostgres } from '../../sync-server/testing';
import { adminSecret } from '../../sync-server/lock';
import { freePort, Link, seededRandom, ServerProcess } from './convergence.harness';
import { enrolDevice } from './sync.enrol';
import { joinStore } from './sync.join';
import { syncedTableList } from './outbox';
import { pullUntilUpToDate } from './sync.pull';
import { pushUntilDone } from './sync.push';
import { syncStatus } from './sync.status';

/**
 * Convergence (issue 14): three desktops of one store and one sync server running as a child
 * process on a real database (PGlite folder, or Postgres when TEST_DATABASE_URL is set).
 * Random offline sales (on the desktop's register or imported without one), returns, edits of
 * the same customer and bookings of the same slots; random cuts of a desktop's connection in
 * the middle of a push or pull, and SIGKILLs of the server. At the end every desktop and the
 * central database hold the same rows table by table, the central sale count equals the sales
 * made, nothing is duplicated, merged, rejected or lost, and every double booking is listed as
 * a conflict on every desktop.
 *
 * Seeded: CONVERGENCE_SEED reproduces a run (a failure prints its seed); CONVERGENCE_ROUNDS
 * (default 4) and CONVERGENCE_KILLS (default 1) make a longer run.
 */
const SEED = Number(process.env.CONVERGENCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = Number(process.env.CONVERGENCE_ROUNDS ?? 4);
const MAX_KILLS = Number(process.env.CONVERGENCE_KILLS ?? 1);
const MON = '2026-12-07';
const SLOTS = ['09:00', '14:00', '16:00'];
const PRODUCTS: Record<string, number> = { CAMISA: 5_000, CALCA: 12_000 };
const clock = { now: () => new Date('2026-12-01T12:00:00.000Z') };

interface Desktop {
  name: string;
  register: string;
  app: Balcao;
  session: Session;
  link: Link;
  /** This desktop's sales: external id → lines (sku, qty sold, qty returned). */
  sales: Map<string, { sku: string; qty: number; returned: number }[]>;
}

interface Model {
  sales: number;
  returns: number;
  /** Slot → the bookings made there (external ids), on any desktop. */
  bookings: Map<string, string[]>;
  counter: number;
}

function act(d: Desktop, action: string, data: Record<string, unknown>) {
  return d.app.dispatch('sales.apply', { action, transaction_data: data }, d.session);
}

function must(d: Desktop, action: string, data: Record<string, unknown>): void {
  const result = act(d, action, data);
  if (!result.ok) throw new Error(`${d.name} ${action}: ${result.error.code} ${result.error.message}`);
}

/** One random local change on `d` (no network). */
function randomChange(d: Desktop, model: Model, random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const n = ++model.counter;
  const roll = random();
  const returnable = [...d.sales].filter(([, lines]) => lines.some((l) => l.returned < l.qty));
  if (roll < 0.45 || (roll < 0.6 && returnable.length === 0)) {
    const skus = random() < 0.5 ? ['CAMISA'] : ['CAMISA', 'CALCA'];
    const lines = skus.map((sku) => ({ sku, qty: 1 + Math.floor(random() * 3), returned: 0 }));
    const total = lines.reduce((t, l) => t + PRODUCTS[l.sku]! * l.qty, 0);
    const id = `${d.name}-S${n}`;
    must(d, 'register_sale', {
      external_id: id,
      // Half on the desktop's register, half imported without one (numbered per desktop).
      ...(random() < 0.5 ? { register: d.register } : {}),
      ...(random() < 0.7 ? { customer_external_id: pick(['P1', 'P2']) } : {}),
      occurred_at: '2026-11-30T10:00:00-03:00',
      items: lines.map((l) => ({ variant_external_id: l.sku, qty: l.qty })),
      payments: [{ method: 'pix', amount: total }],
    });
    d.sales.set(id, lines);
    model.sales++;
  } else if (roll < 0.6) {
    const [id, lines] = pick(returnable);
    const line = lines.find((l) => l.returned < l.qty)!;
    must(d, 'register_return', {
      reference_external_id: id,
      items: [{ variant_external_id: line.sku, qty: 1 }],
      reason: 'Troca',
      condition: 'revenda',
      refund_method: 'original',
      occurred_at: '2026-11-30T11:00:00-03:00',
    });
    line.returned++;
    model.returns++;
  } else if (roll < 0.8) {
    must(d, 'update_customer_data', { external_id: 'P1', name: `Maria ${d.name} ${n}` });
  } else {
    book(d, model, pick(SLOTS), `${d.name}-B${n}`);
  }
}

/** Books `slot`; a slot this desktop already sees taken is refused locally (schedule_conflict). */
function book(d: Desktop, model: Model, slot: string, id: string): void {
  const result = act(d, 'book_appointment', booking(id, `${MON}T${slot}:00-03:00`));
  if (result.ok) model.bookings.set(slot, [...(model.bookings.get(slot) ?? []), id]);
  else if (result.error.code !== 'schedule_conflict') throw new Error(`${d.name} book: ${result.error.code}`);
}

/** Push then pull; whatever the network does, never a rejection. */
async function syncOnce(d: Desktop): Promise<void> {
  const pushed = await pushUntilDone(d.app.db, { clock });
  expect(pushed.rejected).toBe(0);
  if (pushed.stopped === 'done') await pullUntilUpToDate(d.app.db, { clock });
}

/**
 * A tenant and `n` enrolment codes: through the running server's admin routes on a PGlite folder
 * (it holds the folder; migrating it a second time in this process would double the set-up),
 * directly on Postgres.
 */
async function tenantWithCodes(
  server: ServerProcess,
  database: { dataDir?: string; databaseUrl?: string },
  n: number,
): Promise<{ tenant_id: string; codes: string[] }> {
  if (database.databaseUrl) {
    const admin = await openCentral(database);
    try {
      const { tenant_id, enrolment_code } = await createTenant(admin.db, 'Rede Convergência');
      const codes = [enrolment_code];
      while (codes.length < n) codes.push((await createEnrolmentCode(admin.db, tenant_id)).enrolment_code);
      return { tenant_id, codes };
    } finally {
      await admin.close();
    }
  }
  const secret = adminSecret(database.dataDir ?? '');
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { tenant_id, enrolment_code } = await post<{ tenant_id: string; enrolment_code: string }>('/v1/admin/tenants', {
    name: 'Rede Convergência',
  });
  const codes = [enrolment_code];
  while (codes.length < n) {
    codes.push((await post<{ enrolment_code: string }>('/v1/admin/enrolment-codes', { tenant_id })).enrolment_code);
  }
  return { tenant_id, codes };
}

/** A row as comparable text: SQLite and Postgres differ in number types (int8 may come as text). */
const norm = (row: Record<string, unknown>, columns: string[]) =>
  JSON.stringify(
    columns.map((c) => {
      const v = row[c];
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : (v ?? null);
    }),
  );

describe('convergence: three desktops, one server, random offline work, cuts and kills', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    while (cleanup.length) await cleanup.pop()?.();
  });

  it('every desktop and the central database end with the same rows (the seed is printed)', async () => {
    try {
      await run();
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      e.message = `[convergence seed ${SEED}: rerun with CONVERGENCE_SEED=${SEED}] ${e.message}`;
      throw e;
    }
  }, 300_000);

  async function run(): Promise<void> {
    const random = seededRandom(SEED);
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const dataDir = mkdtempSync(join(tmpdir(), 'balcao-converge-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = process.env.TEST_DATABASE_URL
      ? { databaseUrl: await freshPostgres({ migrated: true }) }
      : { dataDir };

    const server = new ServerProcess(await freePort(), database);
    cleanup.push(() => server.kill());
    await server.start();
    mark('server');
    const { tenant_id, codes } = await tenantWithCodes(server, database, 3);
    mark('admin');

    // Desktop A: the clinic (store CL01, register CX1), two goods; B and C join the store.
    const clinic = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    mark('clinic');
    const desktops: Desktop[] = [];
    const linkA = new Link(server.port);
    cleanup.push(() => linkA.close());
    const a: Desktop = {
      name: 'A',
      register: 'CX1',
      app: clinic.app,
      session: clinic.cli,
      link: linkA,
      sales: new Map(),
    };
    for (const [sku, price] of Object.entries(PRODUCTS)) {
      must(a, 'upsert_product', { external_id: sku, name: sku, category: 'Roupas', kind: 'goods', unit_price: price });
    }
    await enrolDevice(a.app.db, { server_url: await linkA.listen(), code: codes[0]! }, clock);
    expect((await pushUntilDone(a.app.db, { clock })).stopped).toBe('done');
    desktops.push(a);
    mark('A enrolled');
    for (const [i, name] of ['B', 'C'].entries()) {
      const app = await openBalcao(await migratedDbPath(), { clock });
      cleanup.push(() => app.close());
      const link = new Link(server.port);
      cleanup.push(() => link.close());
      const register = `CX${i + 2}`;
      const url = await link.listen();
      await joinStore(app.db, { server_url: url, code: codes[i + 1]!, store: 'CL01', register }, { clock });
      desktops.push({ name, register, app, session: newSession(true), link, sales: new Map() });
    }

    mark('setup');
    const model: Model = { sales: 0, returns: 0, bookings: new Map(), counter: 0 };
    // Round 0, everybody offline: the same slot booked and the same customer edited on all three.
    for (const d of desktops) {
      book(d, model, SLOTS[0]!, `${d.name}-B0`);
      must(d, 'update_customer_data', { external_id: 'P1', name: `Maria ${d.name}` });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const d of desktops) {
        const changes = 1 + Math.floor(random() * 3);
        for (let k = 0; k < changes; k++) randomChange(d, model, random);
      }
      // Some desktops sync, at once; a connection may be cut and the server killed meanwhile.
      const online = desktops.filter(() => random() < 0.7);
      const disruptions: Promise<void>[] = [];
      for (const d of online) {
        if (random() < 0.35) {
          const after = Math.floor(random() * 400);
          disruptions.push(new Promise((done) => setTimeout(() => (d.link.cut(), done()), after)));
        }
      }
      const kill = server.kills < MAX_KILLS && online.length > 0 && (random() < 0.5 || round === ROUNDS - 1);
      const killAfter = Math.floor(random() * 600);
      const syncing = Promise.all(online.map((d) => syncOnce(d)));
      if (kill) disruptions.push(new Promise((done) => setTimeout(() => void server.kill().then(done), killAfter)));
      await Promise.all([syncing, ...disruptions]);
      if (kill) await server.start();
    }

    mark('rounds');
    // Everybody online: push and pull until a whole pass moves nothing.
    for (let pass = 0; pass < 4; pass++) {
      let moved = 0;
      for (const d of desktops) {
        const pushed = await pushUntilDone(d.app.db, { clock });
        expect(pushed).toMatchObject({ stopped: 'done', rejected: 0 });
        moved += pushed.pushed;
      }
      for (const d of desktops) {
        const pulled = await pullUntilUpToDate(d.app.db, { clock });
        expect(pulled.stopped).toBe('done');
        moved += pulled.applied;
      }
      if (moved === 0 && pass > 0) break;
    }
    mark('final sync');
    const killed = server.kills;
    await server.kill();

    // Table by table: every desktop equal, and equal to central.
    const central = await openCentral(database);
    cleanup.push(() => central.close());
    const first = desktops[0]!.app.db;
    for (const { table } of syncedTableList()) {
      const columns = first.raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
      const rowsOf = (app: Balcao) =>
        (app.db.raw.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
          .map((r) => norm(r, columns))
          .sort();
      const expected = rowsOf(desktops[0]!.app);
      for (const d of desktops.slice(1)) expect(rowsOf(d.app), `${table} on ${d.name}`).toEqual(expected);
      const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(columns.map((c) => sql.ref(c)))}
        FROM ${sql.table(table)} WHERE tenant_id = ${tenant_id}`.execute(central.db);
      expect(rows.map((r) => norm(r, columns)).sort(), `${table} central`).toEqual(expected);
    }
    const count = (app: Balcao, text: string) => app.db.raw.prepare(text).pluck().get();
    const { rows: sales } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM sales WHERE tenant_id = ${tenant_id}`.execute(central.db);
    expect(Number(sales[0]?.n)).toBe(model.sales);
    const { rows: dupes } = await sql<{ external_id: string }>`
      SELECT external_id FROM sales WHERE tenant_id = ${tenant_id} GROUP BY external_id HAVING count(*) > 1`.execute(
      central.db,
    );
    expect(dupes).toEqual([]);
    const expectedPairs = [...model.bookings.values()]
      .flatMap((ids) => ids.flatMap((x, i) => ids.slice(i + 1).map((y) => [x, y].sort())))
      .sort();
    expect(expectedPairs.length).toBeGreaterThanOrEqual(3);
    for (const d of desktops) {
      expect(count(d.app, 'SELECT count(*) FROM sales'), `sales on ${d.name}`).toBe(model.sales);
      expect(count(d.app, 'SELECT count(*) FROM returns'), `returns on ${d.name}`).toBe(model.returns);
      expect(count(d.app, 'SELECT count(*) FROM sync_merges'), `merges on ${d.name}`).toBe(0);
      const status = syncStatus(d.app.db, false);
      expect(status.pending.count).toBe(0);
      expect(status.rejected.total).toBe(0);
      expect(status.conflicts.map((p) => [...p].sort()).sort(), `conflicts on ${d.name}`).toEqual(expectedPairs);
      // Projections agree too: every sale's state, and stock.
      const states = (app: Balcao) => app.db.raw.prepare('SELECT * FROM sale_state ORDER BY sale_id').all();
      expect(states(d.app)).toEqual(states(desktops[0]!.app));
      const stock = (app: Balcao) =>
        app.db.raw.prepare('SELECT variant_id, store_id, qty_milli FROM stock_levels ORDER BY 1, 2').all();
      expect(stock(d.app)).toEqual(stock(desktops[0]!.app));
    }
    mark('checks');
    console.info(
      `convergence seed ${SEED}: ${model.sales} sales, ${model.returns} returns, ${expectedPairs.length} double bookings, ` +
        `${killed} server kills, ${desktops.reduce((n, d) => n + d.link.cuts, 0)} cuts (${phases.join(', ')})`,
    );
  }
});
