// `npm start`: the desktop app. Where the Electron binary cannot be had, say so in one line and
// start the browser mode instead (same data folder), print its address and open the system's
// browser when there is one. BALCAO_NO_ELECTRON=1 takes that path on purpose (tests, kiosks);
// BALCAO_OPEN_BROWSER=0 keeps the browser closed.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

/** The Electron binary, downloading it once when npm skipped Electron's install script. */
function findElectron() {
  let binary = electronBinary();
  if (binary) return binary;
  const installer = (() => {
    try {
      return require.resolve('electron/install.js');
    } catch {
      return null;
    }
  })();
  if (!installer) return null;
  const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
  binary = result.status === 0 ? electronBinary() : null;
  return binary;
}

/** Opens `url` in the system's browser when there is one; any failure is ignored. */
function openBrowser(url) {
  if (process.env.BALCAO_OPEN_BROWSER === '0') return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser here (a server, a container): the address printed above is enough.
  }
}

/** The browser mode (dist/web/server.mjs), in the foreground of this command. */
function startBrowserMode() {
  // BALCAO_WEB_SERVER: another entry (the tests run app/web/main.ts through tsx, unbuilt).
  const server = process.env.BALCAO_WEB_SERVER ?? fileURLToPath(new URL('../dist/web/server.mjs', import.meta.url));
  const args = server.endsWith('.ts') ? ['--import', 'tsx', server] : [server];
  const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'inherit'], env: process.env });
  let buffer = '';
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    buffer += chunk.toString();
    const match = /http:\/\/127\.0\.0\.1:\d+/.exec(buffer);
    if (match) {
      opened = true;
      openBrowser(match[0]);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = process.env.BALCAO_NO_ELECTRON === '1' ? null : findElectron();
if (!binary) {
  console.error(
    'Balcão: a janela do aplicativo não abriu porque o Electron não está disponível nesta máquina (download bloqueado ou não instalado); abrindo no navegador.',
  );
  startBrowserMode();
} else {
  spawn(binary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
}
