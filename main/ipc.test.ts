import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { INVOKE_CHANNEL, PRINT_CHANNEL, PRINTERS_CHANNEL, registerIpc } from './ipc';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

type Handler = (event: unknown, op: unknown, input: unknown) => unknown;

function setup() {
  let handler: Handler | undefined;
  const ipcMain = {
    handle: (channel: string, fn: Handler) => {
      if (channel === INVOKE_CHANNEL) handler = fn;
    },
  } as unknown as IpcMain;
  const dispatch = vi.fn((op: string, input: unknown, session: { userId: string | null }) => ({
    ok: true as const,
    value: { op, input, session },
  }));
  registerIpc(ipcMain, dispatch, (url) => url === 'file:///app/index.html');
  const mainFrame = { url: 'file:///app/index.html' };
  const sender = { id: 7, mainFrame, once: vi.fn() };
  if (!handler) throw new Error('handler not registered');
  return { handler, dispatch, sender, mainFrame };
}

describe('IPC entry point', () => {
  it('dispatches calls from our own main frame with one session per window', () => {
    const { handler, dispatch, sender, mainFrame } = setup();
    handler({ sender, senderFrame: mainFrame }, 'app.status', {});
    handler({ sender, senderFrame: mainFrame }, 'store.get', {});
    expect(dispatch).toHaveBeenCalledTimes(2);
    expect(dispatch.mock.calls[0]?.[2]).toBe(dispatch.mock.calls[1]?.[2]);
  });

  it('refuses subframes and foreign URLs without dispatching', () => {
    const { handler, dispatch, sender } = setup();
    const iframe = { url: 'file:///app/index.html' };
    expect(handler({ sender, senderFrame: iframe }, 'app.status', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden_origin' },
    });
    const evil = { ...sender, mainFrame: { url: 'https://evil.example' } };
    expect(handler({ sender: evil, senderFrame: evil.mainFrame }, 'app.status', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden_origin' },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers a non-string operation name as unknown_operation', () => {
    const { handler, sender, mainFrame } = setup();
    expect(handler({ sender, senderFrame: mainFrame }, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_operation' },
    });
  });
});

describe('printing', () => {
  function setupPrint(printing: { silent: boolean; printer_name: string | null }) {
    const handlers = new Map<string, (event: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    } as unknown as IpcMain;
    const dispatch = vi.fn(() => ({ ok: true as const, value: { printing } }));
    const print = vi.fn(() => Promise.resolve({ ok: true }));
    const list = vi.fn(() => Promise.resolve(['EPSON TM-T20', 'PDF']));
    registerIpc(ipcMain, dispatch, (url) => url === 'file:///app/index.html', { print, list });
    const mainFrame = { url: 'file:///app/index.html' };
    const sender = { id: 7, mainFrame, once: vi.fn() };
    const handler = handlers.get(PRINT_CHANNEL);
    const printers = handlers.get(PRINTERS_CHANNEL);
    if (!handler || !printers) throw new Error('print handlers not registered');
    return { handler, printers, print, sender, mainFrame, dispatch };
  }

  it('prints silently to the configured printer', async () => {
    const { handler, print, sender, mainFrame } = setupPrint({ silent: true, printer_name: 'EPSON TM-T20' });
    await expect(handler({ sender, senderFrame: mainFrame })).resolves.toEqual({ ok: true });
    expect(print).toHaveBeenCalledWith(sender, { silent: true, deviceName: 'EPSON TM-T20' });
  });

  it('opens the print dialog when not silent, and refuses foreign frames', async () => {
    const { handler, print, sender, mainFrame } = setupPrint({ silent: false, printer_name: null });
    await handler({ sender, senderFrame: mainFrame });
    expect(print).toHaveBeenCalledWith(sender, { silent: false });
    print.mockClear();
    await expect(handler({ sender, senderFrame: { url: 'file:///app/index.html' } })).resolves.toMatchObject({
      ok: false,
    });
    expect(print).not.toHaveBeenCalled();
  });

  it("lists this computer's printers to our own frame only", async () => {
    const { printers, sender, mainFrame } = setupPrint({ silent: false, printer_name: null });
    await expect(printers({ sender, senderFrame: mainFrame })).resolves.toEqual(['EPSON TM-T20', 'PDF']);
    await expect(printers({ sender, senderFrame: { url: 'https://evil.example' } })).resolves.toEqual([]);
  });
});
