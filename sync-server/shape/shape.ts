import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SYNC_LOG_CHANNEL } from '../../migrations/central/0017_shape_notify';
import { APP_ROLE } from '../../migrations/central/run-sql';
import { authenticate } from '../admin';
import type { Central } from '../db/central';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';
import type { Catalog, TableInfo } from '../synced-tables';
import { logPage, parseOffset, shapeSchema, snapshotPage, type ShapePage } from './pages';

/** How long a live request is held before it is answered with up-to-date alone (Electric: 20 s). */
export function longPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SYNC_LONG_POLL_MS);
  return Number.isInteger(value) && value > 0 && value <= 40_000 ? value : 20_000;
}

/** Parameters a client may not set: the server picks the rows (tenant) and the columns. */
const REFUSED_PARAMS = ['where', 'columns', 'replica'] as const;

/** Electric's live cursor: 20 s intervals since 2024-10-09, always above the request's. */
function nextCursor(requested: string | undefined): string {
  const interval = Math.floor((Date.now() - Date.UTC(2024, 9, 9)) / 20_000);
  const previous = Number(requested);
  return String(Number.isFinite(previous) && previous >= interval ? previous + 1 : interval);
}

/** A shape's handle: the table and the tenant (hashed), so a handle of another tenant is unknown. */
export function shapeHandle(tenantId: string, table: string): string {
  return `${table}-${createHash('sha256').update(tenantId).digest('hex').slice(0, 16)}-1`;
}

/** Long-polls waiting for a tenant's log to move, woken by LISTEN/NOTIFY. */
class Waiters {
  private readonly byTenant = new Map<string, Set<() => void>>();
  closing = false;

  /** A promise woken by the tenant's next change, the deadline, or shutdown. */
  wait(tenantId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.byTenant.get(tenantId) ?? new Set();
      this.byTenant.set(tenantId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.byTenant.delete(tenantId);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      set.add(done);
      if (this.closing || signal.aborted) done();
    });
  }

  wake(tenantId: string): void {
    for (const done of [...(this.byTenant.get(tenantId) ?? [])]) done();
  }

  wakeAll(): void {
    this.closing = true;
    for (const tenant of [...this.byTenant.keys()]) this.wake(tenant);
  }
}

/** One REPEATABLE READ transaction as the tenant (RLS confines every statement to it). */
function readAsTenant<T>(central: Central, tenantId: string, fn: (trx: Transaction<CentralDb>) => Promise<T>) {
  return central.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`.execute(
        trx,
      );
      return fn(trx);
    });
}

type Query = Record<string, string | string[] | undefined>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `GET /v1/shape` — the Electric HTTP Shape protocol as `@electric-sql/client` 1.5 speaks it
 * (../shared/research/electric.md §1): `table` (a synced table), `offset` (-1 or one we gave),
 * `handle` (required past -1; another is 409 must-refetch with the current one), `live=true`
 * (held until the tenant's log moves or `longPollMs`, answered with up-to-date), `cursor`; the
 * client's other parameters (`log`, `cache-buster`, `expired_handle`, …) are ignored, `where`,
 * `columns` and `replica` refused (400): the server is the auth proxy and sets the tenant from
 * the device token itself. Headers `electric-handle`, `electric-offset`, `electric-schema`
 * (non-live), `electric-cursor` (live), `electric-up-to-date`; `cache-control: no-store`.
 */
export function registerShapeRoute(app: FastifyInstance, central: Central, catalog: Catalog): void {
  const waiters = new Waiters();
  let stopListening: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopListening = await central.listen?.(SYNC_LOG_CHANNEL, (tenantId) => waiters.wake(tenantId));
  });
  app.addHook('preClose', (done) => {
    waiters.wakeAll();
    done();
  });
  app.addHook('onClose', async () => {
    await stopListening?.();
  });
  app.get('/v1/shape', async (request, reply) => serveShape(request, reply, central, catalog, waiters));
}

function requestedTable(query: Query, catalog: Catalog): TableInfo {
  for (const name of REFUSED_PARAMS) {
    if (query[name] !== undefined) {
      throw new SyncError(400, 'unsupported_param', `${name}: the server chooses the rows and columns of a shape`);
    }
  }
  const name = single(query, 'table');
  const table = name ? catalog.get(name) : undefined;
  if (!table) throw new SyncError(400, 'unknown_table', `table: ${JSON.stringify(name ?? '')} is not a synced table`);
  return table;
}

async function serveShape(
  request: FastifyRequest,
  reply: FastifyReply,
  central: Central,
  catalog: Catalog,
  waiters: Waiters,
) {
  const origin = await authenticate(central.db, request.headers.authorization);
  const query = (request.query ?? {}) as Query;
  const table = requestedTable(query, catalog);
  const handle = shapeHandle(origin.tenantId, table.name);
  const offset = parseOffset(single(query, 'offset') ?? '');
  const live = single(query, 'live') === 'true';
  reply.header('cache-control', 'no-store');
  reply.header('electric-handle', handle);
  if (offset.kind !== 'start' && single(query, 'handle') !== handle) {
    return reply.code(409).send([{ headers: { control: 'must-refetch' } }]);
  }
  let page: ShapePage;
  if (offset.kind === 'start' || offset.kind === 'snapshot') {
    const seq = offset.kind === 'snapshot' ? offset.seq : null;
    const after = offset.kind === 'snapshot' ? offset.afterKey : null;
    page = await readAsTenant(central, origin.tenantId, (trx) => snapshotPage(trx, origin.tenantId, table, seq, after));
  } else {
    const read = () =>
      readAsTenant(central, origin.tenantId, (trx) => logPage(trx, origin.tenantId, table, offset.seq));
    page = await read();
    if (live && page.messages.length === 1) page = await holdLongPoll(reply, origin.tenantId, waiters, read, page);
  }
  reply.header('electric-offset', page.offset);
  if (live) reply.header('electric-cursor', nextCursor(single(query, 'cursor')));
  else reply.header('electric-schema', JSON.stringify(shapeSchema(table)));
  if (page.upToDate) reply.header('electric-up-to-date', '');
  if (page.json !== undefined) return reply.type('application/json; charset=utf-8').send(page.json);
  return reply.send(page.messages);
}

/** Waits for the tenant's log to move (re-reading on each wake) until data or the deadline. */
async function holdLongPoll(
  reply: FastifyReply,
  tenantId: string,
  waiters: Waiters,
  read: () => Promise<ShapePage>,
  first: ShapePage,
): Promise<ShapePage> {
  const controller = new AbortController();
  const onClose = () => controller.abort();
  // The response's close: the client went away (the request's fires once its body is read).
  reply.raw.on('close', onClose);
  const deadline = Date.now() + longPollMs();
  let page = first;
  try {
    while (page.messages.length === 1 && !controller.signal.aborted && !waiters.closing) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      // Register before re-reading, so a change committed in between still wakes us.
      const woken = waiters.wait(tenantId, left, controller.signal);
      const again = await read();
      if (again.messages.length > 1) {
        controller.abort();
        return again;
      }
      page = again;
      await woken;
    }
    return page;
  } finally {
    reply.raw.off('close', onClose);
  }
}
