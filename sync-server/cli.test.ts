import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../test/processes';
import { seededSyncDataDir } from './testing';
import { main } from './cli';
import { readLock } from './lock';

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: Record<string, unknown> }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await main(args, env);
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    return { code, out: JSON.parse(printed || '{}') as Record<string, unknown> };
  } finally {
    log.mockRestore();
  }
}

/**
 * `node --import tsx sync-server/bin.ts` (one process: the `tsx` binary would run the server in a
 * child that outlives the SIGKILL) on a free port; resolves with its port once it holds the directory.
 */
async function serverProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'sync-server/bin.ts')], {
    cwd: ROOT,
    env: { ...process.env, SYNC_DATA_DIR: dataDir, SYNC_PORT: '0', SYNC_LOG_LEVEL: 'silent', DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`sync server exited (${String(code)}): ${stderr}`)));
    const poll = setInterval(() => {
      const lock = readLock(dataDir);
      if (lock?.port) {
        clearInterval(poll);
        resolve(lock.port);
      }
    }, 100);
  });
  // Resolves once the process is gone: a lock is stale only when its holder no longer exists.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    stop: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

describe('sync-server admin CLI', () => {
  it('creates tenants and codes on the data directory, and through the running server that holds it', async () => {
    const env = { SYNC_DATA_DIR: await seededSyncDataDir() };
    const created = await run(['create-tenant', '--name', 'Rede X', '--json'], env);
    expect(created.code).toBe(0);
    expect(Object.keys(created.out).sort()).toEqual(['enrolment_code', 'tenant_id']);
    expect(created.out.enrolment_code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const tenant = String(created.out.tenant_id);

    const server = await serverProcess(env.SYNC_DATA_DIR);
    stops.push(server.stop);
    const code = await run(['enrolment-code', '--tenant', tenant, '--json'], env);
    expect(code.code).toBe(0);
    const enrolment = await fetch(`http://127.0.0.1:${server.port}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: code.out.enrolment_code,
        store_id: 's1',
        store_name: 'Loja',
        device_id: 'd1',
        device_name: 'Caixa',
      }),
    });
    const enrolled = (await enrolment.json()) as { tenant_id: string; token: string };
    expect(enrolled.tenant_id).toBe(tenant);
    expect((await run(['revoke-device', '--device', 'd1', '--json'], env)).out).toEqual({ revoked: 1 });
    const pushed = await fetch(`http://127.0.0.1:${server.port}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}` },
      body: JSON.stringify({ mutations: [] }),
    });
    expect(pushed.status).toBe(401);
    // The admin routes want the directory's secret.
    const forged = await fetch(`http://127.0.0.1:${server.port}/v1/admin/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer guess' },
      body: JSON.stringify({ name: 'Intrusa' }),
    });
    expect(forged.status).toBe(403);

    // Killed, the server leaves a stale lock: the CLI opens the directory itself again.
    await server.stop();
    const after = await run(['enrolment-code', '--tenant', tenant, '--json'], env);
    expect(after.code).toBe(0);
  }, 120_000);

  it('refuses unknown tenants and devices with exit code 1 and a JSON error', async () => {
    const env = { SYNC_DATA_DIR: await seededSyncDataDir() };
    expect(await run(['enrolment-code', '--tenant', 'nope', '--json'], env)).toEqual({
      code: 1,
      out: { error: { code: 'unknown_tenant', message: 'tenant nope does not exist' } },
    });
    expect((await run(['revoke-device', '--device', 'nope', '--json'], env)).out).toEqual({
      error: { code: 'unknown_device', message: 'device nope does not exist' },
    });
  }, 120_000);
});
