import { createServer, type IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { openSetUpApp } from '../../test/helpers';
import { longPollMs } from '../../sync-server/shape/shape';
import { LIVE_STALL_MS, LiveFollower, LiveStalled } from './sync.live';
import { saveIdentity } from './sync.state';

// The fault: a live long-poll hanging on a connection that never answers (a NAT or proxy that
// dropped it silently) held the follower forever — no error, no restart, no changes arriving.
it('a live stream whose server never answers is aborted as stalled, so the agent pulls and restarts it', async () => {
  expect(LIVE_STALL_MS).toBe(45_000);
  const open = new Set<IncomingMessage>();
  const seen: string[] = [];
  // Accepts every request and never answers.
  const server = createServer((req) => {
    seen.push(new URL(req.url ?? '/', 'http://x').searchParams.get('table') ?? '');
    open.add(req);
    req.socket.on('close', () => open.delete(req));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { app } = await openSetUpApp();
  try {
    saveIdentity(app.db, {
      server_url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      tenant_id: 't1',
      store_id: 's1',
      device_id: 'd1',
      token: 'bst_x',
      enrolled_at: '2026-11-30T12:00:00.000Z',
    });
    const stopped = new Promise<{ table: string; error: Error }>((resolve) => {
      const follower = new LiveFollower(app.db, {
        clock: { now: () => new Date('2026-11-30T12:00:00.000Z') },
        tables: ['customers'],
        stallMs: 300,
        onStopped: (table, error) => resolve({ table, error }),
      });
      expect(follower.start()).toBe(true);
    });
    const { table, error } = await stopped;
    expect(table).toBe('customers');
    expect(error).toBeInstanceOf(LiveStalled);
    expect(seen).toEqual(['customers']);
    // The hanging request was aborted, not left open.
    await expect.poll(() => open.size).toBe(0);
  } finally {
    app.close();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}, 15_000);

// The stall limit is fixed on the desktop while the server's long-poll is configurable: the
// longest hold a server accepts must stay below it, or idle healthy streams restart forever.
it('the stall limit is above the longest long-poll a server accepts', () => {
  const longest = longPollMs({ SYNC_LONG_POLL_MS: '40000' });
  expect(longest).toBe(40_000);
  expect(longPollMs({ SYNC_LONG_POLL_MS: '45000' })).toBe(20_000);
  expect(LIVE_STALL_MS - longest).toBeGreaterThanOrEqual(5_000);
});
