import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { INVOKE_CHANNEL, registerIpc } from './ipc';
import { AnalyticsOffload } from '../app/analytics/offload';
import { bundledWorkerPath } from '../app/worker-thread';
import { runDemo } from '../app/analytics/demo';
import { openSetUpApp } from '../test/helpers';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

type Handler = (event: unknown, op: unknown, input: unknown) => unknown;

describe('IPC: heavy analytics off the main process (issue 13)', () => {
  it('answers an RFM from the worker while the event loop keeps turning, and the rest on the main thread', async () => {
    const { app } = await openSetUpApp();
    runDemo(app.db, { customers: 1000, sales: 8000, seed: 3, now: new Date('2026-11-30T12:00:00Z') });
    let handler: Handler | undefined;
    const ipcMain = {
      handle: (channel: string, fn: Handler) => {
        if (channel === INVOKE_CHANNEL) handler = fn;
      },
    } as unknown as IpcMain;
    const offload = new AnalyticsOffload(app);
    registerIpc(ipcMain, app.dispatch, (url) => url === 'file:///app/index.html', undefined, offload);
    const mainFrame = { url: 'file:///app/index.html' };
    const event = { sender: { id: 5, mainFrame, once: vi.fn() }, senderFrame: mainFrame };
    const invoke = (op: string, input: unknown) => handler?.(event, op, input);
    expect(invoke('auth.login', { login: 'ana', pin: '1234' })).toMatchObject({ ok: true });

    const order: string[] = [];
    const rfm = Promise.resolve(invoke('analytics.rfm', { as_of: '2026-11-29' })).then((r) => {
      order.push('rfm');
      return r;
    });
    // Dispatched on the main thread, the RFM would be done (its promise already settled) before
    // the loop turned; in the worker, the loop turns first and other calls are answered meanwhile.
    const turned = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('loop');
        expect(invoke('store.get', {})).toMatchObject({ ok: true, value: { code: 'LJ01' } });
        resolve();
      }),
    );
    const [result] = await Promise.all([rfm, turned]);
    expect(order).toEqual(['loop', 'rfm']);
    expect(result).toMatchObject({ ok: true, value: { as_of: '2026-11-29' } });
    expect((result as { value: { rows: unknown[] } }).value.rows.length).toBeGreaterThan(500);
    // The window's session rules hold in the worker: signed out, the worker refuses too.
    expect(invoke('auth.logout', {})).toMatchObject({ ok: true });
    await expect(Promise.resolve(invoke('analytics.rfm', { as_of: '2026-11-29' }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    await offload.close();
  }, 180_000);

  it('finds the bundled worker from the web bundle, the Electron main bundle and unpacked from the asar', () => {
    const root = mkdtempSync(join(tmpdir(), 'balcao-worker-'));
    const file = (...parts: string[]) => {
      const path = join(root, ...parts);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
      return path;
    };
    const web = file('dist', 'web', 'analytics-worker.mjs');
    expect(resolve(bundledWorkerPath(join(root, 'dist', 'web', 'server.mjs'), 'analytics-worker.mjs') ?? '')).toBe(web);
    expect(resolve(bundledWorkerPath(join(root, 'dist', 'main', 'main.cjs'), 'analytics-worker.mjs') ?? '')).toBe(web);
    // Packaged: the worker is read from app.asar.unpacked when it was unpacked there.
    file('app.asar', 'dist', 'web', 'analytics-worker.mjs');
    const unpacked = file('app.asar.unpacked', 'dist', 'web', 'analytics-worker.mjs');
    expect(
      resolve(bundledWorkerPath(join(root, 'app.asar', 'dist', 'main', 'main.cjs'), 'analytics-worker.mjs') ?? ''),
    ).toBe(unpacked);
    rmSync(root, { recursive: true, force: true });
  });
});
