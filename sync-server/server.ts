import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { EnrolRequest, MAX_PUSH_BYTES, MAX_PUSH_MUTATIONS, type WireError } from '../app/sync/protocol';
import { authenticate, createEnrolmentCode, createTenant, databaseReachable, enrolDevice, revokeDevice } from './admin';
import { verifyCentralAudit } from './audit-verify';
import { openCentral, defaultSyncDataDir, type Central } from './db/central';
import { SyncError } from './errors';
import { acquireLock, adminSecret, releaseLock } from './lock';
import { createMetrics, type Metrics } from './metrics';
import { applyPush } from './push/apply';
import { parsePushBody } from './push/parse';
import { registerRenumberRoute } from './sales-renumber';
import { registerShapeRoute } from './shape/shape';
import { createApiKey, revokeApiKey } from './api/keys';
import { registerSalesApi } from './api/sales-api';
import { ReplicaCache } from './replica/cache';
import { registerReportRoutes } from './reports/reports';
import { loadCatalog, type Catalog } from './synced-tables';

export { createEnrolmentCode, createTenant, revokeDevice } from './admin';

export interface SyncServerOptions {
  /** Default 5180; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite data directory (default `SYNC_DATA_DIR` or the user-data folder); ignored with databaseUrl. */
  dataDir?: string;
  /** Postgres URL; without it the server runs on embedded PGlite. */
  databaseUrl?: string;
  /** PGlite only: a `dumpDataDir()` tarball to start from (see OpenCentralOptions). */
  loadDataDir?: Blob;
  /** pino level; default `SYNC_LOG_LEVEL`, `silent` under BALCAO_LOG=silent, else `info`. */
  logLevel?: string;
}

export interface SyncServer {
  url: string;
  port: number;
  engine: Central['engine'];
  /** The central database (tests and the in-process admin functions use it). */
  central: Central;
  close(): Promise<void>;
}

function logLevel(option: string | undefined): string {
  return option ?? process.env.SYNC_LOG_LEVEL ?? (process.env.BALCAO_LOG === 'silent' ? 'silent' : 'info');
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, mutationId?: string) {
  const error: WireError['error'] & { mutation_id?: string } = { code, message };
  if (mutationId !== undefined) error.mutation_id = mutationId;
  return reply.code(status).send({ error });
}

/**
 * Starts the sync server: opens (and migrates) the central database, then serves
 * `POST /v1/enrol`, `POST /v1/push`, `POST /v1/sales/renumber`, the shapes, reports and sales
 * API, `GET /health`, `GET /metrics` and, for the admin CLI on
 * PGlite, `/v1/admin/*` on loopback with the data directory's admin secret.
 */
export async function startSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
  const dataDir = options.databaseUrl ? null : (options.dataDir ?? defaultSyncDataDir());
  const onDisk = dataDir !== null && !dataDir.startsWith('memory://');
  if (onDisk) acquireLock(dataDir, null);
  let central: Central;
  try {
    central = await openCentral({
      databaseUrl: options.databaseUrl,
      dataDir: dataDir ?? undefined,
      loadDataDir: options.loadDataDir,
    });
  } catch (error) {
    if (onDisk) releaseLock(dataDir);
    throw error;
  }
  const catalog = await loadCatalog(central.db);
  const metrics = createMetrics();
  const app = buildApp(central, catalog, metrics, options.logLevel, onDisk ? adminSecret(dataDir) : null);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 5180, host });
  } catch (error) {
    await central.close();
    if (onDisk) releaseLock(dataDir);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 5180);
  if (onDisk) {
    releaseLock(dataDir);
    acquireLock(dataDir, port);
  }
  let closed: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    engine: central.engine,
    central,
    close() {
      closed ??= (async () => {
        await app.close();
        await central.close();
        if (onDisk) releaseLock(dataDir);
      })();
      return closed;
    },
  };
}

/** The Fastify app over an open central database (exported for `inject` tests). */
export function buildApp(
  central: Central,
  catalog: Catalog,
  metrics: Metrics,
  level?: string,
  secret: string | null = null,
): FastifyInstance {
  const app = Fastify({
    forceCloseConnections: true,
    bodyLimit: MAX_PUSH_BYTES,
    logger: { level: logLevel(level), redact: ['req.headers.authorization'] },
  });
  const db = central.db;

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    metrics.latency.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof SyncError) return sendError(reply, error.status, error.code, error.message, error.mutationId);
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'payload_too_large', `the body exceeds ${MAX_PUSH_BYTES} bytes`);
    if (status === 415) return sendError(reply, 415, 'unsupported_media_type', 'send application/json');
    if (status === 400) return sendError(reply, 400, 'invalid_json', 'the body is not valid JSON');
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal_error', 'internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `no route ${request.method} ${request.url}`),
  );

  app.get('/health', async (_request, reply) => {
    const ok = await databaseReachable(db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: central.engine });
  });
  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/v1/enrol', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const parsed = EnrolRequest.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const enrolled = await enrolDevice(db, parsed.data);
    request.log.info(
      { tenant_id: enrolled.tenant_id, device_id: enrolled.device_id, store_id: enrolled.store_id },
      'device enrolled',
    );
    return reply.send(enrolled);
  });

  app.post('/v1/push', async (request, reply) => handlePush(request, reply, central, catalog, metrics));
  // Settling a held sale whose twin this server has: the device renumbers its own sale.
  registerRenumberRoute(app, db);
  registerShapeRoute(app, central, catalog);
  // Consolidated reports and the external sales API share the tenants' replicas (issue 14).
  const replicas = new ReplicaCache();
  app.addHook('onClose', (_instance, done) => {
    replicas.close();
    done();
  });
  registerReportRoutes(app, db, catalog, replicas);
  registerSalesApi(app, db, catalog, replicas);

  if (secret) registerAdmin(app, central, secret);
  return app;
}

/** 400 from zod's first issue; names the mutation when the issue is inside one. */
function invalidRequest(
  issues: { path: PropertyKey[]; message: string }[],
  body?: { mutations?: unknown } | null,
): SyncError {
  const first = issues[0];
  const where = first ? first.path.map(String).join('.') || 'body' : 'body';
  const index = first?.path[0] === 'mutations' ? first.path[1] : undefined;
  const culprit =
    typeof index === 'number' && Array.isArray(body?.mutations)
      ? (body.mutations[index] as { mutation_id?: unknown })
      : null;
  const mutationId = typeof culprit?.mutation_id === 'string' ? culprit.mutation_id : undefined;
  return new SyncError(400, 'invalid_request', `${where}: ${first?.message ?? 'invalid'}`, mutationId);
}

async function handlePush(
  request: FastifyRequest,
  reply: FastifyReply,
  central: Central,
  catalog: Catalog,
  metrics: Metrics,
) {
  try {
    const origin = await authenticate(central.db, request.headers.authorization);
    const log = request.log.child({ tenant_id: origin.tenantId, device_id: origin.deviceId });
    const body = request.body as { mutations?: unknown } | null;
    if (Array.isArray(body?.mutations) && body.mutations.length > MAX_PUSH_MUTATIONS) {
      throw new SyncError(413, 'too_many_mutations', `at most ${MAX_PUSH_MUTATIONS} mutations per push`);
    }
    const parsed = parsePushBody(body);
    if (!('mutations' in parsed)) throw invalidRequest([parsed], body);
    const result = await applyPush(central.db, catalog, origin, parsed.mutations);
    metrics.pushes.inc({ outcome: 'ok' });
    metrics.mutations.inc({ result: 'applied' }, result.applied.length);
    metrics.mutations.inc({ result: 'skipped' }, result.skipped.length);
    metrics.mutations.inc({ result: 'rejected' }, result.rejected.length);
    log.info(
      { applied: result.applied.length, skipped: result.skipped.length, rejected: result.rejected.length },
      'push applied',
    );
    return reply.send(result);
  } catch (error) {
    metrics.pushes.inc({ outcome: error instanceof SyncError ? error.code : 'internal_error' });
    if (error instanceof SyncError) request.log.warn({ code: error.code, status: error.status }, error.message);
    throw error;
  }
}

/** Admin routes for the CLI while the server holds the PGlite directory: loopback + secret. */
function registerAdmin(app: FastifyInstance, central: Central, secret: string) {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/v1/admin/')) return done();
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.ip);
    if (!loopback || request.headers.authorization !== `Bearer ${secret}`) {
      return done(new SyncError(403, 'forbidden', 'admin requests need the data directory secret, from localhost'));
    }
    done();
  });
  app.post('/v1/admin/tenants', async (request) => {
    const { name } = (request.body ?? {}) as { name?: unknown };
    if (typeof name !== 'string') throw new SyncError(400, 'invalid_request', 'name: required');
    return createTenant(central.db, name);
  });
  app.post('/v1/admin/enrolment-codes', async (request) => {
    const { tenant_id } = (request.body ?? {}) as { tenant_id?: unknown };
    if (typeof tenant_id !== 'string') throw new SyncError(400, 'invalid_request', 'tenant_id: required');
    return createEnrolmentCode(central.db, tenant_id);
  });
  app.post('/v1/admin/api-keys', async (request) => {
    const { tenant_id, revoke } = (request.body ?? {}) as { tenant_id?: unknown; revoke?: unknown };
    if (typeof revoke === 'string') return revokeApiKey(central.db, revoke);
    if (typeof tenant_id !== 'string') throw new SyncError(400, 'invalid_request', 'tenant_id: required');
    return createApiKey(central.db, tenant_id);
  });
  app.post('/v1/admin/audit-verify', async (request) => {
    const { tenant_id } = (request.body ?? {}) as { tenant_id?: unknown };
    if (typeof tenant_id !== 'string') throw new SyncError(400, 'invalid_request', 'tenant_id: required');
    return verifyCentralAudit(central.db, tenant_id);
  });
  app.post('/v1/admin/revoke-device', async (request) => {
    const { device_id } = (request.body ?? {}) as { device_id?: unknown };
    if (typeof device_id !== 'string') throw new SyncError(400, 'invalid_request', 'device_id: required');
    return revokeDevice(central.db, device_id);
  });
}
