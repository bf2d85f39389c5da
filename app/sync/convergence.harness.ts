import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../test/processes';

/**
 * Test support for the convergence test (issue 14): the real sync server as a child process
 * that can be SIGKILLed and restarted, a TCP link per desktop that can be cut mid-request, and
 * a seeded random source.
 */

/** mulberry32: a small seeded PRNG, [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

/**
 * `node --import tsx sync-server/bin.ts` (one process: SIGKILL reaches the server itself) on a
 * PGlite folder or a Postgres URL, always on the same port.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  starts = 0;
  kills = 0;

  constructor(
    readonly port: number,
    private readonly database: { dataDir?: string; databaseUrl?: string },
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BALCAO_LOG: 'silent',
      SYNC_LOG_LEVEL: 'silent',
      SYNC_PORT: String(this.port),
    };
    if (this.database.databaseUrl) env.DATABASE_URL = this.database.databaseUrl;
    else env.SYNC_DATA_DIR = this.database.dataDir;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'sync-server/bin.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    this.child = child;
    this.starts++;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`sync server exited (${child.exitCode}): ${stderr}`);
      const status = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3_000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`sync server did not answer /health within 90 s: ${stderr}`);
  }

  /** SIGKILL and wait until it is gone (at once when it already is). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    this.kills++;
    await exited;
  }
}

/** A desktop's network path to the server: a TCP relay whose open connections can be cut. */
export class Link {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  cuts = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Drops every open connection (requests in flight lose their answer). */
  cut(): void {
    this.cuts++;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((done) => this.server.close(() => done()));
  }
}
