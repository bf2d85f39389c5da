import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openBalcao } from '../balcao';
import { defaultDatabasePath } from '../paths';
import { log } from '../log';
import { createWebServer } from './server';
import { startSyncAgent, stopSyncAgent } from '../sync/sync.agent';
import { keepBackupScheduler } from '../backup/backup.live';
import { startChargeExpiryScheduler } from '../payments/expiry.scheduler';

/** `npm run web`: the browser mode on localhost. PORT=0 picks a free port (tests). */
async function main() {
  const dbPath = process.env.BALCAO_DB ?? defaultDatabasePath();
  const app = await openBalcao(dbPath);
  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = process.env.BALCAO_STATIC_DIR ?? join(here, '..', 'renderer');
  const server = createWebServer(app, staticDir);
  // The push loop runs beside the server; `sync.push_now` wakes it. A restore stops it and
  // starts it again on the reopened database.
  startSyncAgent(app.db);
  app.attach({ suspend: () => stopSyncAgent(app.db), resume: () => void startSyncAgent(app.db) });
  // The automatic backup (daily by default, backup.settings) while the server runs.
  const backups = keepBackupScheduler(app, app.clock);
  // Unpaid charges past payments.charge_expiry_days expire: at start, then every 10 minutes (issue 17).
  const expiry = startChargeExpiryScheduler(app);
  const port = Number(process.env.PORT ?? 5174);
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`Balcão no navegador: http://127.0.0.1:${actual}  (dados: ${dbPath})\n`);
  });
  const stop = () => {
    backups.stop();
    expiry.stop();
    server.close(() => {
      void stopSyncAgent(app.db).finally(() => {
        app.close();
        process.exit(0);
      });
    });
    // close() waits for every keep-alive connection a browser still holds open; idle ones go
    // now and busy ones get a second to answer, so stopping never hangs on an open tab.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log.error('web server failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`Não foi possível iniciar: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
