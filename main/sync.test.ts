import { describe, expect, it, vi } from 'vitest';
import { openSetUpApp } from '../test/helpers';
import { syncAgentFor } from '../app/sync/sync.agent';
import { startBackgroundSync } from './sync';

vi.mock('electron', () => ({ app: { on: vi.fn() } }));

describe('background sync in the main process', () => {
  it('starts one push loop for the database, reachable by sync.push_now, and stops it before quitting', async () => {
    const { app: balcao, session } = await openSetUpApp();
    const listeners = new Map<string, () => void>();
    const electronApp = { on: (event: string, fn: () => void) => listeners.set(event, fn) };
    const timers = { set: () => 'timer', clear: () => undefined };
    const agent = startBackgroundSync(electronApp as never, balcao, { timers });
    expect(syncAgentFor(balcao.db)).toBe(agent);
    expect(balcao.dispatch('sync.push_now', {}, session)).toEqual({ ok: true, value: { started: true } });
    const status = balcao.dispatch('sync.status', {}, session);
    expect(status.ok && status.value).toMatchObject({ enrolled: false, running: true });
    listeners.get('before-quit')?.();
    expect(agent.isRunning).toBe(false);
    expect(balcao.dispatch('sync.push_now', {}, session)).toEqual({ ok: true, value: { started: false } });
  });
});
