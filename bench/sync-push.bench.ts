import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PushMutation, WireValue } from '../app/sync/protocol';
import { newId } from '../app/db/ids';
import { authenticate, createEnrolmentCode, createTenant } from '../sync-server/admin';
import { applyPush } from '../sync-server/push/apply';
import { parsePushBody } from '../sync-server/push/parse';
import type { Origin } from '../sync-server/push/statements';
import { loadCatalog, type Catalog } from '../sync-server/synced-tables';
import { startSyncServer, type SyncServer } from '../sync-server/server';
import type { Measurement, Verdict } from './harness';

const BATCH = 1000;
const ROUNDS = 12;
const WARMUP = 2;
/** Devices (each of its own tenant) pushing at once in the concurrent figure. */
const DEVICES = 4;
const CONCURRENT_ROUNDS = 6;

/**
 * A sale line as the device's outbox sends it (15 columns). Ids are UUIDv7 like the device's
 * (`newId`: time-ordered), so index inserts land where they do in production.
 */
function saleItem(i: number, saleId: string): Record<string, WireValue> {
  return {
    id: newId(),
    sale_id: saleId,
    line_no: (i % 5) + 1,
    variant_id: `variant-${i % 500}`,
    qty_milli: 1000 + (i % 3) * 500,
    unit_price_cents: 1990 + (i % 50),
    amount_cents: 2990,
    line_discount_cents: 0,
    order_discount_cents: i % 7,
    net_cents: 2983,
    unit_cost_cents: 1200,
    cost_cents: 1800,
    commission_rate_bp: 300,
    commission_cents: 89,
    margin_cents: 1183,
  };
}

const COLUMNS = Object.keys(saleItem(0, 'x'));

/** `BATCH` sale lines, five per sale. */
function saleItems(b: number): Record<string, WireValue>[] {
  let saleId = newId();
  return Array.from({ length: BATCH }, (_, i) => {
    if (i % 5 === 0) saleId = newId();
    return saleItem(b * BATCH + i, saleId);
  });
}
const TYPES = COLUMNS.map((c) => (['id', 'sale_id', 'variant_id'].includes(c) ? 'text[]' : 'bigint[]'));

async function enrol(server: SyncServer, device = 'bench-device'): Promise<string> {
  const { tenant_id } = await createTenant(server.central.db, 'Bench');
  const { enrolment_code } = await createEnrolmentCode(server.central.db, tenant_id);
  const response = await fetch(`${server.url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: enrolment_code,
      store_id: `${device}-store`,
      store_name: 'Loja',
      device_id: device,
      device_name: 'Caixa',
    }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Batch `b`: 1,000 sale lines as insert mutations; `slot` 0 or 1 interleaves two senders' device_seq. */
function batchOf(b: number, slot: number): PushMutation[] {
  return saleItems(b).map((columns, i) => {
    return {
      mutation_id: newId(),
      table: 'sale_items',
      op: 'insert',
      row_id: String(columns.id),
      columns,
      device_seq: (2 * b + slot) * BATCH + i + 1,
    };
  });
}

/** Pushes batch `b` (1,000 sale lines) over HTTP; returns the milliseconds it took. */
async function pushBatch(server: SyncServer, token: string, b: number): Promise<number> {
  const body = JSON.stringify({ mutations: batchOf(b, 1) });
  const t0 = process.hrtime.bigint();
  const response = await fetch(`${server.url}/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await response.json()) as { applied?: string[] };
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (answer.applied?.length !== BATCH)
    throw new Error(`push bench: ${response.status} ${JSON.stringify(answer).slice(0, 200)}`);
  return ms;
}

/** Batch `b` as the request body a device sends (built outside any timed window). */
const bodyOf = (b: number): string => JSON.stringify({ mutations: batchOf(b, 0) });

/**
 * A batch through the server's ingestion (JSON and shape checks + applyPush), in process, from
 * its request body (`bodyOf`: the device's work, not timed here).
 */
async function ingestBatch(server: SyncServer, catalog: Catalog, origin: Origin, body: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const parsed = parsePushBody(JSON.parse(body));
  if (!('mutations' in parsed)) throw new Error(`ingest bench: ${parsed.message}`);
  const { mutations } = parsed;
  const answer = await applyPush(server.central.db, catalog, origin, mutations);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (answer.applied.length !== BATCH) throw new Error(`ingest bench: ${JSON.stringify(answer).slice(0, 200)}`);
  return ms;
}

/**
 * The baseline: the same rows in one INSERT … SELECT FROM unnest per batch, in a transaction,
 * as the owner (no RLS), for the same tenant, store and device as the push. The same tenant
 * matters: every index leads with tenant_id, and a made-up tenant id sorting after every real
 * one (as `baseline-tenant` did after the UUIDs) inserts at the right edge of each index, where
 * Postgres skips the descent — 8.3 against 12.4 ms of backend CPU for the same 1,000 rows.
 */
async function baselineBatch(pool: pg.Pool, rows: Record<string, WireValue>[], origin: Origin): Promise<number> {
  const params: unknown[] = [
    origin.tenantId,
    origin.storeId,
    origin.deviceId,
    ...COLUMNS.map((c) => rows.map((r) => r[c])),
  ];
  const text = `INSERT INTO sale_items (tenant_id, store_id, device_id, ${COLUMNS.join(', ')})
    SELECT $1, $2, $3, ${COLUMNS.map((c) => `u.${c}`).join(', ')}
    FROM unnest(${TYPES.map((t, i) => `$${i + 4}::${t}`).join(', ')}) AS u(${COLUMNS.join(', ')})`;
  const t0 = process.hrtime.bigint();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(text, params);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function summary(name: string, samples: number[]): Measurement {
  const total = samples.reduce((a, b) => a + b, 0);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    opsPerSecond: (samples.length * BATCH * 1000) / total,
    p50Ms: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
  };
}

/**
 * Server throughput: `DEVICES` desktops, each of its own tenant (pushes of one tenant queue on
 * its counter row by design), push a batch each at the same moment through the ingestion path;
 * then `DEVICES` writers run the baseline at the same moment. Rows/s = rows of a round / its
 * wall time, rounds alternating so both see the same machine.
 */
async function concurrentFigures(server: SyncServer, databaseUrl: string): Promise<[Measurement, Measurement]> {
  const catalog = await loadCatalog(server.central.db);
  const origins: Origin[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const token = await enrol(server, `bench-device-${d}`);
    origins.push(await authenticate(server.central.db, `Bearer ${token}`));
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: DEVICES });
  pool.on('error', () => undefined);
  const rounds = { push: [] as number[], base: [] as number[] };
  try {
    for (let r = 0; r < CONCURRENT_ROUNDS + 1; r++) {
      const b = 1000 + r;
      // Each side's input is made before its clock starts: the devices' JSON bodies, the
      // baseline's row arrays (making them is not what either figure measures).
      const bodies = origins.map(() => bodyOf(b));
      const rows = origins.map(() => saleItems(b));
      let t0 = process.hrtime.bigint();
      await Promise.all(origins.map((origin, d) => ingestBatch(server, catalog, origin, bodies[d]!)));
      const push = Number(process.hrtime.bigint() - t0) / 1e6;
      t0 = process.hrtime.bigint();
      await Promise.all(origins.map((origin, d) => baselineBatch(pool, rows[d]!, origin)));
      const base = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r === 0) continue;
      rounds.push.push(push);
      rounds.base.push(base);
    }
  } finally {
    await pool.end();
  }
  const of = (name: string, samples: number[]): Measurement => ({
    ...summary(name, samples),
    opsPerSecond: (samples.length * DEVICES * BATCH * 1000) / samples.reduce((x, y) => x + y, 0),
  });
  return [
    of(`sync push ingestion, ${DEVICES} devices at once (rows/s)`, rounds.push),
    of(`INSERT … SELECT FROM unnest, ${DEVICES} writers at once`, rounds.base),
  ];
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `balcao_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function pgliteFigure(): Promise<Measurement> {
  const server = await startSyncServer({ port: 0, dataDir: 'memory://', logLevel: 'silent' });
  try {
    const token = await enrol(server);
    const samples: number[] = [];
    for (let b = 0; b < ROUNDS / 2; b++) samples.push(await pushBatch(server, token, b));
    return summary('sync push → PGlite (rows/s, informative)', samples.slice(1));
  } finally {
    await server.close();
  }
}

/**
 * Push ingestion: batches of 1,000 sale lines through `POST /v1/push` (HTTP, JSON, shape checks,
 * the set-based apply, sync_log) into native Postgres, against the same rows
 * written by one `INSERT … SELECT FROM unnest` per batch, interleaved batch by batch. Needs
 * BENCH_DATABASE_URL or TEST_DATABASE_URL (a server we may create a database on); without it
 * the Postgres half is skipped and said so. The PGlite figure is printed beside.
 */
export async function syncPushBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const measurements: Measurement[] = [];
  const verdicts: Verdict[] = [];
  if (!adminUrl) {
    console.log('SKIPPED  sync push into Postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  } else {
    const database = await freshDatabase(adminUrl);
    const server = await startSyncServer({ port: 0, databaseUrl: database.url, logLevel: 'silent' });
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    try {
      const token = await enrol(server);
      const origin = await authenticate(server.central.db, `Bearer ${token}`);
      const catalog = await loadCatalog(server.central.db);
      const samples = { ingest: [] as number[], http: [] as number[], base: [] as number[] };
      for (let b = 0; b < ROUNDS + WARMUP; b++) {
        const i = await ingestBatch(server, catalog, origin, bodyOf(b));
        const h = await pushBatch(server, token, b);
        const q = await baselineBatch(pool, saleItems(b), origin);
        if (b < WARMUP) continue;
        samples.ingest.push(i);
        samples.http.push(h);
        samples.base.push(q);
      }
      const ingested = summary('sync push ingestion → Postgres (rows/s)', samples.ingest);
      const baseline = summary('INSERT … SELECT FROM unnest → Postgres (rows/s)', samples.base);
      measurements.push(ingested, baseline, summary('sync push over HTTP, same process (rows/s)', samples.http));
      const [together, baseTogether] = await concurrentFigures(server, database.url);
      measurements.push(together, baseTogether);
      for (const [label, push, base] of [
        ['one device', ingested, baseline],
        [`${DEVICES} devices at once`, together, baseTogether],
      ] as const) {
        verdicts.push(
          {
            label: `sync push ingestion into Postgres, ${label}`,
            ok: push.opsPerSecond >= 100_000,
            detail: `${push.opsPerSecond.toFixed(0)} rows/s (at least 100000; this machine's baseline: ${base.opsPerSecond.toFixed(0)})`,
          },
          {
            label: `sync push ingestion vs unnest baseline, ${label}`,
            ok: push.opsPerSecond >= 0.5 * base.opsPerSecond,
            detail: `${(push.opsPerSecond / base.opsPerSecond).toFixed(2)}× baseline (at least 0.5×)`,
          },
        );
      }
    } finally {
      await pool.end();
      await server.close();
      await database.drop();
    }
  }
  measurements.push(await pgliteFigure());
  return { measurements, verdicts };
}
