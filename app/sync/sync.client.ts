import { z } from 'zod';
import type { EnrolRequest, EnrolResponse, PushRequest, PushResponse } from './protocol';

/**
 * The device's HTTP client for the sync server (`app/sync/protocol.ts`). Every outcome is a
 * value: the push loop decides from `kind` whether to back off, shrink the batch or stop.
 * The token is sent only in the Authorization header and never logged or returned.
 */
export type HttpOutcome<T> =
  | { kind: 'ok'; value: T }
  /** Network error, timeout, 5xx or 429: try again later. */
  | { kind: 'unreachable'; message: string }
  /** The server refused the request: `status` 4xx with its `{ error: { code, message } }`. */
  | { kind: 'refused'; status: number; code: string; message: string; mutationId?: string };

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

const PushResponseSchema = z.object({
  applied: z.array(z.string()),
  skipped: z.array(z.string()),
  rejected: z.array(z.object({ mutation_id: z.string(), code: z.string(), reason: z.string() })),
});

const EnrolResponseSchema = z.object({
  token: z.string().min(1),
  tenant_id: z.string().min(1),
  store_id: z.string().min(1),
  device_id: z.string().min(1),
});

const WireErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), mutation_id: z.string().optional() }),
});

/** `base` without trailing slashes joined with an absolute API path (keeps a path prefix). */
export function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * Interprets a raw HTTP answer (shared with the synchronous enrolment path): 2xx parsed with
 * `schema`, 4xx as `refused` with the server's error, anything else as `unreachable`.
 */
export function interpret<T>(status: number, text: string, schema: z.ZodType<T>): HttpOutcome<T> {
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { kind: 'ok', value: parsed.data };
    return { kind: 'refused', status, code: 'bad_response', message: 'unexpected response body from sync server' };
  }
  if (status >= 500 || status === 429) return { kind: 'unreachable', message: `HTTP ${status}` };
  const err = WireErrorSchema.safeParse(body);
  return err.success
    ? {
        kind: 'refused',
        status,
        code: err.data.error.code,
        message: err.data.error.message,
        ...(err.data.error.mutation_id ? { mutationId: err.data.error.mutation_id } : {}),
      }
    : { kind: 'refused', status, code: `http_${status}`, message: `HTTP ${status}` };
}

async function postJson<T>(
  fetchImpl: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: string,
  schema: z.ZodType<T>,
  timeoutMs: number,
): Promise<HttpOutcome<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: controller.signal,
    });
    return interpret(res.status, await res.text(), schema);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'unreachable', message: `${error instanceof Error ? error.message : String(error)}${cause}` };
  } finally {
    clearTimeout(timer);
  }
}

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

/** `POST /v1/push` with the device token; `body` is the serialized `PushRequest`. */
export function postPush(
  serverUrl: string,
  token: string,
  body: string,
  options: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<HttpOutcome<PushResponse>> {
  return postJson(
    options.fetch ?? defaultFetch,
    endpoint(serverUrl, '/v1/push'),
    { authorization: `Bearer ${token}` },
    body,
    PushResponseSchema,
    options.timeoutMs ?? 30_000,
  );
}

/** `POST /v1/enrol` (no token). */
export function postEnrol(
  serverUrl: string,
  request: EnrolRequest,
  options: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<HttpOutcome<EnrolResponse>> {
  return postJson(
    options.fetch ?? defaultFetch,
    endpoint(serverUrl, '/v1/enrol'),
    {},
    JSON.stringify(request),
    EnrolResponseSchema,
    options.timeoutMs ?? 15_000,
  );
}

export { EnrolResponseSchema };
export type { PushRequest };
