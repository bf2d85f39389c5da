import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { openSetUpApp } from '../../test/helpers';
import { pullUntilUpToDate, PULL_STALL_MS } from './sync.pull';
import { saveIdentity } from './sync.state';

/** A loopback port nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

// The fault: the Electric client retries a refused connection forever, so a pull begun just
// before the server died held the background loop until the 30 s stall timer (the e2e then saw
// "Sem conexão" late). The test's own timeout is below that timer: it fails if the pull waits it.
it('a pull against a server that is down stops as unreachable after a few retries, not at the stall timer', async () => {
  expect(PULL_STALL_MS).toBe(30_000);
  const { app } = await openSetUpApp();
  saveIdentity(app.db, {
    server_url: `http://127.0.0.1:${await deadPort()}`,
    tenant_id: 't1',
    store_id: 's1',
    device_id: 'd1',
    token: 'bst_x',
    enrolled_at: '2026-11-30T12:00:00.000Z',
  });
  const pull = await pullUntilUpToDate(app.db, { clock: { now: () => new Date('2026-11-30T12:00:00.000Z') } });
  expect(pull.stopped).toBe('unreachable');
  expect(pull.applied).toBe(0);
  const device = app.db.raw.prepare('SELECT connected, last_error_code FROM sync_device').get();
  expect(device).toEqual({ connected: 0, last_error_code: 'sync_unreachable' });
}, 20_000);
