import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Dispatch } from '../app/contract/dispatch';
import { newSession, type Session } from '../app/contract/context';
import type { OpResult } from '../app/contract/errors';
import type { StoreView } from '../app/store/store.service';

export const INVOKE_CHANNEL = 'balcao:invoke';
export const PRINT_CHANNEL = 'balcao:print';
export const PRINTERS_CHANNEL = 'balcao:printers';

/** What webContents.print needs to know, read from the store's printing settings. */
export interface PrintOptions {
  silent: boolean;
  deviceName?: string;
}

export interface Printer {
  print(contents: WebContents, options: PrintOptions): Promise<{ ok: boolean; error?: string }>;
  /** The names of this computer's printers, to pick one in Configurações. */
  list(contents: WebContents): Promise<string[]>;
}

/**
 * Heavy read-only operations answered off the main process's event loop: the analytics worker
 * (app/analytics/offload.ts), as on the HTTP bridge.
 */
export interface Offload {
  handles(op: string): boolean;
  run(op: string, input: unknown, session: Session): Promise<OpResult<unknown>>;
}

const FORBIDDEN = { ok: false, error: { code: 'forbidden_origin', message: 'Origem não permitida.' } } as const;

/**
 * The IPC entry points. Only our own top-level frame may call them; each window has its own
 * session; errors come back as values, never as thrown IPC errors with stacks. Returns
 * `dropSessions()` (every window signed out, after a restore).
 */
export function registerIpc(
  ipcMain: IpcMain,
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
  print?: Printer,
  offload?: Offload,
) {
  const sessions = new Map<number, Session>();
  const trusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return Boolean(frame && frame === event.sender.mainFrame && isTrustedUrl(frame.url));
  };
  const sessionOf = (event: IpcMainInvokeEvent) => {
    let session = sessions.get(event.sender.id);
    if (!session) {
      session = newSession();
      sessions.set(event.sender.id, session);
      event.sender.once('destroyed', () => sessions.delete(event.sender.id));
    }
    return session;
  };

  ipcMain.handle(
    INVOKE_CHANNEL,
    (event: IpcMainInvokeEvent, op: unknown, input: unknown): OpResult<unknown> | Promise<OpResult<unknown>> => {
      if (!trusted(event)) return FORBIDDEN;
      if (typeof op !== 'string') {
        return { ok: false, error: { code: 'unknown_operation', message: 'Operação inválida.' } };
      }
      if (offload?.handles(op)) return offload.run(op, input, sessionOf(event));
      return dispatch(op, input, sessionOf(event));
    },
  );

  /** Signs every window out (after a restore replaced the database). */
  const handle = { dropSessions: () => sessions.clear() };
  if (!print) return handle;
  // Printing follows this computer's settings: silent to the chosen printer, or the print dialog.
  ipcMain.handle(PRINT_CHANNEL, async (event: IpcMainInvokeEvent) => {
    if (!trusted(event)) return { ok: false, error: FORBIDDEN.error.message };
    const store = dispatch('store.get', {}, sessionOf(event));
    if (!store.ok) return { ok: false, error: store.error.message };
    const { printing } = store.value as StoreView;
    return print.print(event.sender, {
      silent: printing.silent,
      ...(printing.printer_name ? { deviceName: printing.printer_name } : {}),
    });
  });
  ipcMain.handle(PRINTERS_CHANNEL, async (event: IpcMainInvokeEvent) =>
    trusted(event) ? print.list(event.sender) : [],
  );
  return handle;
}

/** The real printer: Electron's webContents.print, with the callback turned into a promise. */
export const electronPrinter: Printer = {
  print: (contents, options) =>
    new Promise((resolve) => {
      contents.print({ ...options, printBackground: false, margins: { marginType: 'none' } }, (ok, reason) =>
        resolve(ok ? { ok } : { ok, error: `Falha ao imprimir: ${reason}` }),
      );
    }),
  list: async (contents) => (await contents.getPrintersAsync()).map((p) => p.name),
};
