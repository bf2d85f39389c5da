import { homedir } from 'node:os';
import { join } from 'node:path';

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
