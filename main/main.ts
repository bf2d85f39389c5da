import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBalcao } from '../app/balcao';
import { defaultDatabasePath } from '../app/paths';
import { electronPrinter, registerIpc } from './ipc';
import { startBackgroundSync } from './sync';
import { AnalyticsOffload } from '../app/analytics/offload';
import { keepBackupScheduler, routeOperation } from '../app/backup/backup.live';
import { startChargeExpiryScheduler } from '../app/payments/expiry.scheduler';
import { setClinicalKeyStore } from '../app/lgpd/clinical.key';
import { safeStorageKeyStore } from './clinical-key';
import { denyPermissions, lockDown } from './security';

const rendererIndex = join(__dirname, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const isTrustedUrl = (url: string) => url.split('#')[0] === rendererUrl;

async function start() {
  if (!process.env.BALCAO_DATA_DIR) process.env.BALCAO_DATA_DIR = app.getPath('userData');
  // Clinical notes' key: kept by the OS keychain through safeStorage on the desktop (issue 16).
  setClinicalKeyStore((dbPath) => safeStorageKeyStore(safeStorage, dbPath));
  const balcao = await openBalcao(defaultDatabasePath());
  // Heavy analytics run in a worker thread with its own read-only connection (issue 13).
  const offload = new AnalyticsOffload(balcao);
  // Every operation goes through routeOperation: restore_in_progress while a restore has the
  // database closed, backup.restore* closing and reopening it, analytics in the worker.
  const route = routeOperation(balcao, offload);
  const ipc = registerIpc(ipcMain, balcao.dispatch, isTrustedUrl, electronPrinter, {
    handles: () => true,
    run: async (op, input, session) => route(op, input, session),
  });
  balcao.attach({
    suspend: () => offload.drain(),
    resume: ({ replaced }) => {
      if (replaced) ipc.dropSessions();
    },
  });
  startBackgroundSync(app, balcao);
  const backups = keepBackupScheduler(balcao, balcao.clock);
  const expiry = startChargeExpiryScheduler(balcao);
  denyPermissions(session.defaultSession);
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Balcão',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  lockDown(window.webContents, isTrustedUrl);
  await window.loadURL(rendererUrl);
  app.on('before-quit', () => {
    backups.stop();
    expiry.stop();
    void offload.close();
    balcao.close();
  });
}

app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    dialog.showErrorBox(
      'Balcão',
      `Não foi possível abrir o Balcão: ${error instanceof Error ? error.message : String(error)}`,
    );
    app.quit();
  });
