import type { Permission } from '../auth/roles';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the HTTP bridge accepts. Sizes in bytes, times in milliseconds. */
export interface BridgeLimits {
  /** Body of any operation. */
  maxBody: number;
  /** Body of the import operations, for a signed-in session whose role may import. */
  maxImportBody: number;
  /** Deepest nesting of arrays/objects in a request body. */
  maxJsonDepth: number;
  /** Whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** Signed-in sessions held at once; the least recently used goes first. */
  maxSessions: number;
}

export const DEFAULT_LIMITS: BridgeLimits = {
  maxBody: 1024 * 1024,
  maxImportBody: 20 * 1024 * 1024,
  maxJsonDepth: 64,
  requestTimeoutMs: 15_000,
  headersTimeoutMs: 5_000,
  maxSessions: 1_000,
};

/** Operations whose bodies may reach `maxImportBody` (a CSV, a base64 XLSX or backup). */
export const LARGE_BODY_OPS: ReadonlyMap<string, Permission> = new Map<string, Permission>([
  ['catalog.import', 'catalog.manage'],
  ['leads.import', 'leads.import'],
  // A backup file sent from the browser to be restored (issue 16), the owner only.
  ['backup.restore_upload', 'backup.restore'],
]);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { ok: false, error: { code, message } }, headers);
}

/**
 * DNS rebinding defence: the Host header must name this server on a loopback address
 * (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`), and an Origin, when sent, must be
 * `http://` + one of those. A page served from `evil.example` that rebinds its name to
 * 127.0.0.1 sends `Host: evil.example:PORT`, so it is refused even though its Origin matches
 * its own Host. Returns the refusal code, or null when allowed.
 */
export function checkHostAndOrigin(req: IncomingMessage, port: number): 'forbidden_host' | 'forbidden_origin' | null {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(host)) return 'forbidden_host';
  const origin = req.headers.origin?.toLowerCase();
  if (origin === undefined) return null;
  return origin.startsWith('http://') && allowed.has(origin.slice('http://'.length)) ? null : 'forbidden_origin';
}

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. A Content-Length over the limit is refused before
 * reading anything; a streamed body stops being read as soon as it passes the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle({ ok: false, reason: 'too_large' });
      } else chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** True when arrays/objects in `text` nest deeper than `max` (strings are skipped). */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

export function parseCookie(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = v.join('=');
  }
  return out;
}
