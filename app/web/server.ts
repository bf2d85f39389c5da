import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Balcao } from '../balcao';
import { roleHas } from '../auth/roles';
import { idleLimitMs } from '../auth/session';
import { newSession } from '../contract/context';
import { log } from '../log';
import {
  checkHostAndOrigin,
  DEFAULT_LIMITS,
  jsonTooDeep,
  LARGE_BODY_OPS,
  parseCookie,
  readBody,
  sendError,
  sendJson,
  type BridgeLimits,
} from './http-guard';
import { SessionStore } from './sessions';
import { AnalyticsOffload } from '../analytics/offload';
import { routeOperation } from '../backup/backup.live';

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
const COOKIE = 'balcao_session';
/** Operations after whose success the channel holds a (new) sign-in: the id is rotated. */
const SIGN_IN_OPS: ReadonlySet<string> = new Set(['auth.login', 'store.setup']);

/**
 * Browser mode: serves the built renderer and POST /rpc/:op on localhost only.
 * Signed-in sessions live in memory (`SessionStore`), keyed by an HttpOnly SameSite=Strict
 * cookie issued at sign-in only; requests must be JSON, to this server's own loopback Host and
 * Origin (`http-guard.ts`), so another site open in the same browser, or one rebinding its DNS
 * name to 127.0.0.1, cannot drive the API. Limits are in `BridgeLimits`.
 */
export function createWebServer(app: Balcao, staticDir: string, limits: BridgeLimits = DEFAULT_LIMITS) {
  const sessions = new SessionStore(limits.maxSessions, () => idleLimitMs(app.db));
  const root = resolve(staticDir);
  const offload = new AnalyticsOffload(app);
  // Analytics reads run in a worker thread: the bridge keeps answering meanwhile (issue 13);
  // a restore (backup.restore*) closes and reopens the database (app/backup/backup.live.ts).
  const route = routeOperation(app, offload);
  // Before a restore the worker's connection goes; after one every browser signs in again.
  app.attach({
    suspend: () => offload.drain(),
    resume: ({ replaced }) => {
      if (replaced) sessions.clear();
    },
  });

  async function handleRpc(req: IncomingMessage, res: ServerResponse, op: string) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(res, 415, 'invalid_input', 'Envie JSON.');
    }
    const cookieId = parseCookie(req.headers.cookie ?? '')[COOKIE];
    const stored = sessions.get(cookieId);
    const importPermission = LARGE_BODY_OPS.get(op);
    const importer = importPermission && stored?.userId && stored.role && roleHas(stored.role, importPermission);
    const limit = importer ? limits.maxImportBody : limits.maxBody;
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      const mb = Math.floor(limit / (1024 * 1024));
      return sendError(res, 413, 'payload_too_large', `Dados grandes demais (limite de ${mb} MB).`, {
        connection: 'close',
      });
    }
    if (jsonTooDeep(body.text, limits.maxJsonDepth)) {
      return sendError(res, 400, 'invalid_input', 'JSON aninhado demais.');
    }
    let input: unknown;
    try {
      input = body.text.length ? (JSON.parse(body.text) as unknown) : {};
    } catch {
      return sendError(res, 400, 'invalid_input', 'JSON inválido.');
    }
    const session = stored ?? newSession();
    const result = await route(op, input, session);
    const headers: Record<string, string> = {};
    if (session.userId && (!stored || (result.ok && SIGN_IN_OPS.has(op)))) {
      sessions.delete(cookieId);
      const id = sessions.add(session, app.clock.now().getTime());
      headers['set-cookie'] = `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`;
    } else if (!session.userId && stored) {
      sessions.delete(cookieId);
      headers['set-cookie'] = `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
    }
    sendJson(res, 200, result, headers);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendError(res, 400, 'bad_request', 'Endereço inválido.');
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(root, relative);
    if (!file.startsWith(root + sep) && file !== root) return sendError(res, 404, 'not_found', 'Não encontrado.');
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

  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => {
      const port = req.socket.localPort ?? 0;
      const refused = checkHostAndOrigin(req, port);
      if (refused) {
        log.warn('http request refused', { reason: refused, host: req.headers.host, origin: req.headers.origin });
        return sendError(res, 403, refused, 'Origem não permitida.');
      }
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return sendError(res, 400, 'bad_request', 'Endereço inválido.');
      }
      const rpc = /^\/rpc\/([\w.-]+)$/.exec(pathname);
      if (pathname.startsWith('/rpc/') && req.method !== 'POST') {
        return sendError(res, 405, 'method_not_allowed', 'Use POST.', { allow: 'POST' });
      }
      if (!rpc && req.method !== 'GET' && req.method !== 'HEAD') {
        return sendError(res, 405, 'method_not_allowed', 'Método não permitido.', { allow: 'GET, HEAD' });
      }
      const work = rpc ? handleRpc(req, res, rpc[1] ?? '') : handleStatic(req, res, pathname);
      work.catch((error: unknown) => {
        log.error('http request failed', { path: pathname, error: String(error) });
        if (!res.headersSent) sendError(res, 500, 'internal_error', 'Erro interno.');
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  return server;
}
