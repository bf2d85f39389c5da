import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openBalcao } from '../app/balcao';
import { newSession } from '../app/contract/context';
import { measure, ratioAtMost } from './harness';

/** The contract's fixed cost (validation, permission, transaction) on a read, against raw SQLite. */
export async function dispatchBench() {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-'));
  const app = await openBalcao(join(dir, 'bench.sqlite3'));
  const session = newSession();
  app.dispatch(
    'store.setup',
    { store: { name: 'Bench' }, owner: { name: 'Bench', login: 'bench', pin: '1234' } },
    session,
  );
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
