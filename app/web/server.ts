import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { log } from '../log';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const MAX_BODY = 20 * 1024 * 1024;
const COOKIE = 'balcao_session';

/**
 * Browser mode: serves the built renderer and POST /rpc/:op on localhost only.
 * Sessions live in memory, keyed by an HttpOnly SameSite=Strict cookie; requests must be JSON
 * from our own origin, so another site open in the same browser cannot drive the API.
 */
export function createWebServer(app: Balcao, staticDir: string) {
  const sessions = new Map<string, Session>();
  const root = resolve(staticDir);

  function sessionFor(req: IncomingMessage, res: ServerResponse): Session {
    const id = parseCookie(req.headers.cookie ?? '')[COOKIE];
    const existing = id ? sessions.get(id) : undefined;
    if (existing) return existing;
    const fresh = randomBytes(24).toString('base64url');
    const session = newSession();
    sessions.set(fresh, session);
    res.setHeader('Set-Cookie', `${COOKIE}=${fresh}; HttpOnly; SameSite=Strict; Path=/`);
    return session;
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse, op: string) {
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host ?? ''}`)
      return send(res, 403, { ok: false, error: { code: 'forbidden_origin', message: 'Origem não permitida.' } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Envie JSON.' } });
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length ? (JSON.parse(body) as unknown) : {};
    } catch {
      return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'JSON inválido.' } });
    }
    const session = sessionFor(req, res);
    send(res, 200, app.dispatch(op, input, session));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(root, relative);
    if (!file.startsWith(root)) return send(res, 404, { error: 'not found' });
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) file = join(root, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Interface não encontrada: rode "npm run build" antes.');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rpc = /^\/rpc\/([\w.-]+)$/.exec(url.pathname);
    const work =
      rpc && req.method === 'POST' ? handleRpc(req, res, rpc[1] ?? '') : handleStatic(req, res, url.pathname);
    work.catch((error: unknown) => {
      log.error('http request failed', { path: url.pathname, error: String(error) });
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal_error', message: 'Erro interno.' } });
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseCookie(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = v.join('=');
  }
  return out;
}
