import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../app/contract/dispatch';
import { newSession, type Session } from '../app/contract/context';
import type { OpResult } from '../app/contract/errors';

export const INVOKE_CHANNEL = 'balcao:invoke';

/**
 * The one IPC entry point. Only our own top-level frame may call it; each window has its own
 * session; errors come back as values, never as thrown IPC errors with stacks.
 */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrustedUrl: (url: string) => boolean) {
  const sessions = new Map<number, Session>();
  ipcMain.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, op: unknown, input: unknown): OpResult<unknown> => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
      return { ok: false, error: { code: 'forbidden_origin', message: 'Origem não permitida.' } };
    }
    if (typeof op !== 'string') {
      return { ok: false, error: { code: 'unknown_operation', message: 'Operação inválida.' } };
    }
    let session = sessions.get(event.sender.id);
    if (!session) {
      session = newSession();
      sessions.set(event.sender.id, session);
      event.sender.once('destroyed', () => sessions.delete(event.sender.id));
    }
    return dispatch(op, input, session);
  });
}
