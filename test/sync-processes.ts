import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './processes';

/**
 * `node --import tsx <script>`: one process, so SIGKILL kills the program itself (the `tsx`
 * binary runs it in a child process that would outlive its killed parent).
 */
function runTs(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, BALCAO_LOG: 'silent', ...env },
  });
}

/** A free local TCP port (the sync server keeps it across restarts, so the device URL holds). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output(): string;
}

/** Where the sync server keeps its data: a PGlite directory, or a Postgres database URL. */
export type CentralPlace = { dataDir: string } | { databaseUrl: string };

function centralEnv(place: CentralPlace): Record<string, string> {
  return 'dataDir' in place ? { SYNC_DATA_DIR: place.dataDir } : { DATABASE_URL: place.databaseUrl };
}

/** `tsx sync-server/bin.ts` (serve) on `port`; resolves once GET /health answers 200. */
export async function startSyncServerProcess(port: number, place: CentralPlace): Promise<ServerProcess> {
  const child = runTs('sync-server/bin.ts', [], { SYNC_PORT: String(port), ...centralEnv(place) });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && !gone; i++) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, url, exited, output: () => output };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`sync server did not start: ${output}`);
}

/** Runs `tsx sync-server/bin.ts <args>` (an admin command) to its end. */
export async function syncServerCommand(
  args: string[],
  place: CentralPlace,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runTs('sync-server/bin.ts', args, centralEnv(place));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  return { code, stdout, stderr };
}

/** `sync push --db PATH --json` as its own process (killable mid-batch). */
export function syncPushProcess(dbPath: string): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = runTs('app/cli/bin.ts', ['sync', 'push', '--db', dbPath, '--json'], {});
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}
