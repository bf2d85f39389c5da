import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { INVOKE_CHANNEL, registerIpc } from './ipc';
import { newSession } from '../app/contract/context';
import { expectOk, openSetUpApp } from '../test/helpers';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

type Handler = (event: unknown, op: unknown, input: unknown) => unknown;

describe('IPC sessions against the real dispatcher', () => {
  it("a window's sign-in ends when the owner deactivates that user elsewhere", async () => {
    const { app, session: owner } = await openSetUpApp();
    const id = expectOk(
      app.dispatch('users.create', { name: 'Gê', login: 'ge', role: 'manager', pin: '5678' }, owner),
    ).id;
    let handler: Handler | undefined;
    const ipcMain = {
      handle: (channel: string, fn: Handler) => {
        if (channel === INVOKE_CHANNEL) handler = fn;
      },
    } as unknown as IpcMain;
    registerIpc(ipcMain, app.dispatch, (url) => url === 'file:///app/index.html');
    const mainFrame = { url: 'file:///app/index.html' };
    const event = { sender: { id: 3, mainFrame, once: vi.fn() }, senderFrame: mainFrame };
    const invoke = (op: string, input: unknown) => handler?.(event, op, input);
    expect(invoke('auth.login', { login: 'ge', pin: '5678' })).toMatchObject({ ok: true });
    expect(invoke('sales.query', {})).toMatchObject({ ok: true });
    expectOk(app.dispatch('users.update', { id, active: false }, owner));
    expect(invoke('sales.query', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(invoke('auth.me', {})).toEqual({ ok: true, value: null });
    expect(app.dispatch('auth.me', {}, newSession())).toEqual({ ok: true, value: null });
  });
});
