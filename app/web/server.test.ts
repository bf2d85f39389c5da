import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebServer } from './server';
import { OWNER, openTestApp, tempDir } from '../../test/helpers';

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function start() {
  const app = await openTestApp();
  const staticDir = tempDir();
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Balcão</title>');
  const server = createWebServer(app, staticDir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base };
}

function rpc(base: string, op: string, input: unknown, cookie?: string) {
  return fetch(`${base}/rpc/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
}

describe('HTTP bridge', () => {
  it('serves the renderer and falls back to index.html for app routes', async () => {
    const { base } = await start();
    const page = await fetch(`${base}/pdv`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Balcão</title>');
  });

  it('runs operations over POST /rpc/:op and keeps the session in a cookie', async () => {
    const { base } = await start();
    const setup = await rpc(base, 'store.setup', { store: { name: 'Loja Web' }, owner: OWNER });
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^balcao_session=/);
    expect(await setup.json()).toMatchObject({ ok: true, value: { store: { name: 'Loja Web' } } });
    expect(await (await rpc(base, 'store.get', {}, cookie)).json()).toMatchObject({
      ok: true,
      value: { name: 'Loja Web' },
    });
    expect(await (await rpc(base, 'store.get', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('refuses other origins and non-JSON bodies', async () => {
    const { base } = await start();
    const foreign = await fetch(`${base}/rpc/app.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const form = await fetch(`${base}/rpc/app.status`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await fetch(`${base}/rpc/app.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('does not serve files outside the renderer folder', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(await res.text()).not.toContain('root:');
  });
});
