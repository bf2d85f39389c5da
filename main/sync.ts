import type { App } from 'electron';
import type { Balcao } from '../app/balcao';
import { startSyncAgent, stopSyncAgent, type SyncAgent, type SyncAgentOptions } from '../app/sync/sync.agent';

/**
 * Starts the push loop of the open database in the Electron main process (it keeps pushing
 * while the windows are used; the dispatcher's `sync.push_now` wakes it) and stops it when the
 * app quits, before the database closes. A batch in flight at that moment is simply resent at
 * the next start: nothing is acknowledged without the server's answer.
 */
export function startBackgroundSync(
  electronApp: Pick<App, 'on'>,
  balcao: Balcao,
  options: SyncAgentOptions = {},
): SyncAgent {
  let agent = startSyncAgent(balcao.db, options);
  // A restore (backup.restore) stops the loop before the database closes and starts it again.
  balcao.attach({
    suspend: () => stopSyncAgent(balcao.db),
    resume: () => {
      agent = startSyncAgent(balcao.db, options);
    },
  });
  electronApp.on('before-quit', () => {
    void agent.stop();
  });
  return agent;
}
