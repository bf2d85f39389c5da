import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { denyPermissions, lockDown } from './security';

vi.mock('electron', () => ({}));

describe('window lock-down', () => {
  it('blocks navigation away, popups and webviews', () => {
    const listeners: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => {
        listeners[name] = fn;
      },
      setWindowOpenHandler: (fn: () => { action: string }) => {
        openHandler = fn;
      },
    } as unknown as WebContents;
    lockDown(contents, (url) => url.startsWith('file:///app/'));
    const away = { preventDefault: vi.fn() };
    listeners['will-navigate']?.(away, 'https://evil.example');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    listeners['will-navigate']?.(inside, 'file:///app/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    listeners['will-attach-webview']?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => {
        request = fn;
      },
      setPermissionCheckHandler: vi.fn(),
    } as unknown as Session;
    denyPermissions(session);
    const callback = vi.fn();
    request?.(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });
});
