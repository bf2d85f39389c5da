import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The same folder Electron's app.getPath('userData') gives for "Balcão", so the desktop,
 * the browser mode and the CLI share one file. BALCAO_DATA_DIR overrides it for all three.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BALCAO_DATA_DIR) return env.BALCAO_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Balcão');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Balcão');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Balcão');
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'balcao.sqlite3');
}

/**
 * Before opening `dbPath`: creates its folder 0700 when missing, and tightens Balcão's own data
 * folder (`dataDir()`) to 0700 when it is wider. A folder the user chose with --db (say /tmp)
 * is never changed. Creates the database file 0600 when missing, so SQLite's WAL and SHM, which
 * take the database file's mode, are 0600 too. No-op on Windows (no POSIX modes).
 */
export function prepareDataFolder(dbPath: string, env: NodeJS.ProcessEnv = process.env): void {
  if (dbPath === ':memory:' || dbPath === '') return;
  const folder = dirname(resolve(dbPath));
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (folder === resolve(dataDir(env))) tighten(folder, 0o700);
  if (!existsSync(dbPath)) closeSync(openSync(dbPath, 'a', 0o600));
}

/** After opening: the database, WAL and SHM files are made 0600 when wider. */
export function restrictDatabaseFiles(dbPath: string): void {
  if (process.platform === 'win32' || dbPath === ':memory:' || dbPath === '') return;
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (existsSync(file)) tighten(file, 0o600);
  }
}

function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
}
