import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { OWNER } from '../../test/helpers';
import { cookieOf, raw, rpc, startBridge } from './web.fixtures';

const json = { 'content-type': 'application/json' };

describe('HTTP bridge: Host and Origin (DNS rebinding)', () => {
  it('refuses Host evil.example:PORT even with a matching Origin, and the store stays not set up', async () => {
    const { port, app } = await startBridge();
    const setup = await raw(port, {
      method: 'POST',
      path: '/rpc/store.setup',
      headers: { ...json, host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
      body: JSON.stringify({ store: { name: 'Loja do Atacante' }, owner: OWNER }),
    });
    expect(setup.status).toBe(403);
    expect(JSON.parse(setup.text)).toMatchObject({ ok: false, error: { code: 'forbidden_host' } });
    expect(setup.headers['set-cookie']).toBeUndefined();
    const page = await raw(port, { path: '/', headers: { host: `evil.example:${port}` } });
    expect(page.status).toBe(403);
    expect(app.db.raw.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
  });

  it('accepts 127.0.0.1, localhost and [::1] on its own port, with or without a matching Origin', async () => {
    const { port } = await startBridge();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const plain = await rpc(port, 'app.status', {}, { host });
      expect(plain.status).toBe(200);
      const withOrigin = await rpc(port, 'app.status', {}, { host, origin: `http://${host}` });
      expect(JSON.parse(withOrigin.text)).toMatchObject({ ok: true, value: { setupDone: false } });
    }
  });

  it('refuses a foreign Origin, another port, and an https or null Origin', async () => {
    const { port } = await startBridge();
    const refusals: Record<string, string>[] = [
      { host: `127.0.0.1:${port}`, origin: 'http://evil.example' },
      { host: `127.0.0.1:${port}`, origin: `http://localhost:${port + 1}` },
      { host: `127.0.0.1:${port}`, origin: `https://127.0.0.1:${port}` },
      { host: `127.0.0.1:${port}`, origin: 'null' },
      { host: `127.0.0.1:${port + 1}` },
      { host: `127.0.0.1` },
    ];
    for (const headers of refusals) {
      const res = await rpc(port, 'app.status', {}, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
  });
});

describe('HTTP bridge: bodies, methods and URLs', () => {
  it('answers 413 JSON from Content-Length alone, before the body is sent', async () => {
    const { port } = await startBridge();
    const res = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /rpc/app.status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${20 * 1024 * 1024}\r\n\r\n{`,
        );
      });
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('}}')) {
          socket.destroy();
          resolve(text);
        }
      });
    });
    expect(res).toMatch(/^HTTP\/1\.1 413/);
    expect(res).toContain('"code":"payload_too_large"');
  });

  it('answers 413 to a streamed body past the limit, and to an import body before login', async () => {
    const { port } = await startBridge({ limits: { maxBody: 64 * 1024, maxImportBody: 512 * 1024 } });
    const big = JSON.stringify({ padding: 'x'.repeat(100 * 1024) });
    const streamed = await raw(port, {
      method: 'POST',
      path: '/rpc/app.status',
      headers: { host: `127.0.0.1:${port}`, ...json, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    const anonymousImport = await rpc(port, 'catalog.import', { format: 'csv', content: 'x'.repeat(100 * 1024) });
    expect(anonymousImport.status).toBe(413);
  });

  it('lets a signed-in session send an import body larger than the general limit', async () => {
    const { port } = await startBridge({ limits: { maxBody: 64 * 1024, maxImportBody: 512 * 1024 } });
    const setup = await rpc(port, 'store.setup', { store: { name: 'Loja' }, owner: OWNER });
    const cookie = cookieOf(setup) ?? '';
    const content = 'sku;nome\n' + 'x'.repeat(100 * 1024);
    const res = await rpc(port, 'catalog.import', { format: 'csv', content, dry_run: true }, { cookie });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).not.toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('lets a session that may import leads send a large leads.import body, and nobody else', async () => {
    const { port } = await startBridge({ limits: { maxBody: 64 * 1024, maxImportBody: 512 * 1024 } });
    const content = 'nome;telefone\n' + 'x'.repeat(100 * 1024);
    const anonymous = await rpc(port, 'leads.import', { content, dry_run: true });
    expect(anonymous.status).toBe(413);
    const setup = await rpc(port, 'store.setup', { store: { name: 'Loja' }, owner: OWNER });
    const res = await rpc(port, 'leads.import', { content, dry_run: true }, { cookie: cookieOf(setup) ?? '' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).not.toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 405 to other methods on /rpc and to writes on static paths, 400 to a bad URL', async () => {
    const { port } = await startBridge();
    const host = { host: `127.0.0.1:${port}` };
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await raw(port, { method, path: '/rpc/app.status', headers: host });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'method_not_allowed' } });
    }
    expect((await raw(port, { method: 'DELETE', path: '/', headers: host })).status).toBe(405);
    const bad = await raw(port, { path: '/%', headers: host });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses 100,000 levels of nested JSON as 400 invalid_input', async () => {
    const { port } = await startBridge();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await raw(port, {
      method: 'POST',
      path: '/rpc/auth.login',
      headers: { host: `127.0.0.1:${port}`, ...json },
      body: `{"login":${deep}}`,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const fine = await rpc(port, 'app.status', { a: { b: [[['[[[ "]]]' + '[['.repeat(100)]]] } });
    expect(fine.status).toBe(200);
  });

  it('closes a request whose body never finishes, after the request timeout', async () => {
    const { port } = await startBridge({ limits: { requestTimeoutMs: 300, headersTimeoutMs: 200 } });
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /rpc/app.status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
            `Content-Length: 100\r\n\r\n{`,
        );
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
