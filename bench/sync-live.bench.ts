import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBalcao } from '../app/balcao';
import type { Db } from '../app/db/db';
import { enrolDevice } from '../app/sync/sync.enrol';
import { joinStore } from '../app/sync/sync.join';
import { LiveFollower } from '../app/sync/sync.live';
import { pushUntilDone } from '../app/sync/sync.push';
import { createEnrolmentCode, createTenant } from '../sync-server/admin';
import { openCentral } from '../sync-server/db/central';
import { openBenchStore, type Measurement, type Verdict } from './harness';
import { benchServer } from './sync-pull.bench';
import { freshCentralDatabase } from './sync-pull.fixture';

const CHANGES = 20;
const clock = { now: () => new Date() };

/** Resolves once `check()` holds after a batch the follower applied (checked at once too). */
function arrival(follower: { waiters: (() => void)[] }, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (check()) resolve();
      else follower.waiters.push(look);
    };
    look();
  });
}

/**
 * Issue 14: a live change from one desktop's push to another desktop's SQLite in under 1 s.
 * Desktop 1 (its own store, enrolled, pushed) and desktop 2 (joined to that store, then
 * following every shape live: `LiveFollower`, one long-polling `ShapeStream` per table) share
 * a sync server on native Postgres (its own process). Desktop 1 renames a customer and pushes
 * (`pushUntilDone`); the time until desktop 2's row holds the new name, over 20 changes.
 * Needs BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
export async function syncLiveBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    console.log('SKIPPED  sync live change: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    return { measurements: [], verdicts: [] };
  }
  const database = await freshCentralDatabase(adminUrl);
  const dir = join(tmpdir(), 'balcao-bench', `live-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const server = await benchServer(database.url);
  const central = await openCentral({ databaseUrl: database.url });
  let one: Db | undefined;
  let two: Db | undefined;
  let follower: LiveFollower | undefined;
  try {
    const { tenant_id } = await createTenant(central.db, 'Bench ao vivo');
    const code = async () => (await createEnrolmentCode(central.db, tenant_id)).enrolment_code;
    const first = await openBenchStore(join(dir, 'desktop-1.sqlite3'));
    one = first.app.db;
    const rename = (name: string) => {
      const result = first.app.dispatch('customers.upsert', { external_id: 'AO-VIVO', name }, first.session);
      if (!result.ok) throw new Error(result.error.message);
    };
    rename('Cliente ao vivo 0');
    await enrolDevice(one, { server_url: server.url, code: await code() }, clock);
    if ((await pushUntilDone(one, { clock })).stopped !== 'done') throw new Error('live bench: push failed');
    two = (await openBalcao(join(dir, 'desktop-2.sqlite3'))).db;
    await joinStore(two, { server_url: server.url, code: await code(), store: 'LJ01', register: 'CX2' }, { clock });
    const waiters: (() => void)[] = [];
    follower = new LiveFollower(two, {
      clock,
      onApplied: () => {
        for (const wake of waiters.splice(0)) wake();
      },
    });
    follower.start();
    const nameOnTwo = (db: Db) =>
      db.raw.prepare(`SELECT name FROM customers WHERE external_id = 'AO-VIVO'`).pluck().get() as string | undefined;
    // Let the live requests reach the server before the first change.
    await new Promise((done) => setTimeout(done, 500));
    const samples: number[] = [];
    for (let i = 1; i <= CHANGES + 1; i++) {
      const name = `Cliente ao vivo ${i}`;
      rename(name);
      const t0 = process.hrtime.bigint();
      const arrived = arrival({ waiters }, () => nameOnTwo(two!) === name);
      if ((await pushUntilDone(one, { clock })).stopped !== 'done') throw new Error('live bench: push failed');
      await arrived;
      if (i > 1) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const p50 = samples[Math.floor(samples.length * 0.5)] ?? 0;
    const p95 = samples[Math.floor(samples.length * 0.95)] ?? samples[samples.length - 1] ?? 0;
    const measurement: Measurement = {
      name: `live change push → other desktop's SQLite (${samples.length} changes)`,
      opsPerSecond: 1000 / p50,
      p50Ms: p50,
      p95Ms: p95,
    };
    return {
      measurements: [measurement],
      verdicts: [
        {
          label: "live change from one desktop's push to another's pull (native Postgres)",
          ok: p95 < 1000,
          detail: `median ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (limit 1000 ms)`,
        },
      ],
    };
  } finally {
    follower?.stop();
    one?.close();
    two?.close();
    await server.close();
    await central.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
