import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Balcao } from '../balcao';
import { openTestApp, tempDir } from '../../test/helpers';
import { DEFAULT_LIMITS, type BridgeLimits } from './http-guard';
import { createWebServer } from './server';

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() =>
  servers.splice(0).forEach((s) => {
    s.closeAllConnections();
    s.close();
  }),
);

/** The bridge on a free loopback port, on a fresh database (or the one given). */
export async function startBridge(options: { app?: Balcao; limits?: Partial<BridgeLimits> } = {}) {
  const app = options.app ?? (await openTestApp());
  const staticDir = tempDir();
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Balcão</title>');
  const server = createWebServer(app, staticDir, { ...DEFAULT_LIMITS, ...options.limits });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return { app, port, base: `http://127.0.0.1:${port}` };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request with full control of the headers (fetch forbids setting Host). `body` may be
 * a string, or `{ declared, sent }` to announce a Content-Length and send only part of it.
 */
export function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** POST /rpc/op as JSON from our own origin. */
export function rpc(port: number, op: string, input: unknown, headers: Record<string, string> = {}) {
  return raw(port, {
    method: 'POST',
    path: `/rpc/${op}`,
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

export function cookieOf(res: RawResponse): string | undefined {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  return first?.split(';')[0];
}
