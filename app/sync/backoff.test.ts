import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { openSetUpApp } from '../../test/helpers';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import { backoffDelay } from './backoff';
import { SyncAgent, type Timers } from './sync.agent';
import { saveIdentity } from './sync.state';

describe('backoffDelay', () => {
  it('doubles from 1 s up to 60 s, with the jitter spanning the upper half of each step', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelay(a, low))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelay(a, high))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffDelay(2, () => 0.5)).toBe(3_000);
    expect(backoffDelay(0, () => 0.5, { baseMs: 200, capMs: 1_000 })).toBe(150);
  });
});

/** Timers the test fires by hand: records each requested delay, never sleeps. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: Timers = {
    set: (fn, ms) => {
      const entry = { fn, ms };
      pending.push(entry);
      return entry;
    },
    clear: (handle) => {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timers, pending };
}

let server: FakeSyncServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('SyncAgent schedule', () => {
  it('backs off exponentially while the server is unreachable and pushes at once when it returns', async () => {
    const { app } = await openSetUpApp();
    const s = createServer();
    await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((done) => s.close(() => done()));
    saveIdentity(app.db, {
      server_url: `http://127.0.0.1:${port}`,
      tenant_id: 'T',
      store_id: 'S',
      device_id: 'D',
      token: 'tok',
      enrolled_at: 'x',
    });
    const { timers, pending } = manualTimers();
    const agent = new SyncAgent(app.db, { timers, random: () => 0.5, idleMs: 7_000 });
    const delays: (number | null)[] = [];
    for (let i = 0; i < 5; i++) {
      await agent.runOnce();
      delays.push(agent.lastDelayMs);
    }
    expect(delays).toEqual([750, 1_500, 3_000, 6_000, 12_000]);
    expect(pending).toEqual([]);

    server = await startFakeSyncServer();
    saveIdentity(app.db, {
      server_url: server.url,
      tenant_id: 'T',
      store_id: 'S',
      device_id: 'D',
      token: server.token,
      enrolled_at: 'x',
    });
    const progress = await agent.runOnce();
    expect(progress.kind).toBe('progress');
    expect(agent.lastDelayMs).toBe(0);
    await agent.runOnce();
    expect(agent.lastDelayMs).toBe(7_000);
    // After a success the next failure starts again from the first step.
    server.mode = 'down';
    app.db.raw.exec(`UPDATE sync_outbox SET pushed_at = NULL WHERE seq = (SELECT max(seq) FROM sync_outbox)`);
    await agent.runOnce();
    expect(agent.lastDelayMs).toBe(750);
  });

  it('runs in the background through its timers and wake() pushes now', async () => {
    const { app } = await openSetUpApp();
    server = await startFakeSyncServer();
    saveIdentity(app.db, {
      server_url: server.url,
      tenant_id: 'T',
      store_id: 'S',
      device_id: 'D',
      token: server.token,
      enrolled_at: 'x',
    });
    const { timers, pending } = manualTimers();
    const agent = new SyncAgent(app.db, { timers, random: () => 0, idleMs: 9_000 });
    agent.start();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    // Fire timers until the loop goes idle.
    for (let i = 0; i < 10 && pending[0]?.ms === 0; i++) {
      const next = pending.shift();
      next?.fn();
      await new Promise((r) => setTimeout(r, 0));
      await agent.settled();
    }
    expect(pending.map((p) => p.ms)).toEqual([9_000]);
    expect(app.db.raw.prepare('SELECT count(*) FROM sync_outbox WHERE pushed_at IS NULL').pluck().get()).toBe(0);
    agent.wake();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    await agent.stop();
    expect(pending).toEqual([]);
  });

  it('checks the server while idle, every probeMs of the clock, so "connected" stays true to the present', async () => {
    const { app, session } = await openSetUpApp();
    server = await startFakeSyncServer();
    saveIdentity(app.db, {
      server_url: server.url,
      tenant_id: 'T',
      store_id: 'S',
      device_id: 'D',
      token: server.token,
      enrolled_at: 'x',
    });
    let now = Date.parse('2026-11-30T12:00:00.000Z');
    const clock = { now: () => new Date(now) };
    const agent = new SyncAgent(app.db, { clock, timers: manualTimers().timers, probeMs: 30_000 });
    const connected = () => {
      const status = app.dispatch('sync.status', {}, session);
      return status.ok ? { connected: status.value.connected, error: status.value.last_error?.code ?? null } : null;
    };
    expect((await agent.runOnce()).kind).toBe('progress');
    expect((await agent.runOnce()).kind).toBe('idle');
    expect(connected()).toEqual({ connected: true, error: null });
    server.mode = 'down';
    now += 29_000;
    await agent.runOnce();
    expect(connected()).toEqual({ connected: true, error: null });
    now += 1_000;
    await agent.runOnce();
    expect(connected()).toEqual({ connected: false, error: 'sync_unreachable' });
  });
});
