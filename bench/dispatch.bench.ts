import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { measure, ratioAtMost, openBenchStore } from './harness';

/** The contract's fixed cost (validation, permission, transaction) on a read, against raw SQLite. */
export async function dispatchBench() {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-'));
  const { app, session } = await openBenchStore(join(dir, 'bench.sqlite3'));
  const raw = new BetterSqlite3(join(dir, 'bench.sqlite3'));
  const stmt = raw.prepare('SELECT * FROM stores LIMIT 1');
  const baseline = measure('raw better-sqlite3: read store', 20_000, () => stmt.get());
  const contract = measure('contract: store.get', 20_000, () => app.dispatch('store.get', {}, session));
  raw.close();
  app.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    measurements: [baseline, contract],
    verdicts: [ratioAtMost('store.get vs raw read (informational)', contract, baseline, 50)],
  };
}
