import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { newSession, type Context } from '../../app/contract/context';
import { AppError } from '../../app/contract/errors';
import { jsonDepth } from '../../app/contract/schemas';
import { applyAction, applyInputSchema, type ApplyResponse } from '../../app/sales/apply.ops';
import { DEVICE_STORE_KEY } from '../../app/settings/device.settings';
import { SALE_NUMBER_TAG_KEY } from '../../app/sales/sale-number';
import { putSetting } from '../../app/settings/settings.queries';
import { acknowledge, readPendingBatch } from '../../app/sync/sync.state';
import type { PushMutation } from '../../app/sync/protocol';
import { sha256 } from '../admin';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';
import { applyPush } from '../push/apply';
import type { Origin } from '../push/statements';
import type { ReplicaCache } from '../replica/cache';
import { tenantPosition } from '../replica/cache';
import { buildReplica, replicaTables, type Replica } from '../replica/replica';
import { replayLog } from '../replica/refresh';
import { findLocation } from '../reports/reports';
import type { Catalog } from '../synced-tables';
import { authenticateApiKey } from './keys';
import { answerInReais, moneyToCents } from './money';
import { querySalesForApi, salesQuerySchema } from './sales-query';

/** The device id the API's changes are pushed under (one per tenant; never handed a usable token). */
export const API_DEVICE_ID = 'api-sales';

const MAX_BODY_BYTES = 1024 * 1024;

/** The tenant's default store for the API: the first store a desktop enrolled. 409 when none. */
async function defaultStore(db: Kysely<CentralDb>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenant_stores')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('enrolled_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!row) throw new SyncError(409, 'no_store', 'Nenhuma loja desta conta está conectada ao servidor ainda.');
  return row.id;
}

/** The API's device row for the tenant (its push position), created on first use. */
async function ensureApiDevice(db: Kysely<CentralDb>, tenantId: string, storeId: string): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      tenant_id: tenantId,
      id: API_DEVICE_ID,
      store_id: storeId,
      name: 'API de vendas',
      token_hash: sha256(randomBytes(32).toString('hex')),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
}

/** Replays the tenant's new log entries onto its API replica (`replayLog`). */
function follow(db: Kysely<CentralDb>, catalog: Catalog, tenantId: string) {
  const tables = new Set(replicaTables(catalog));
  return (replica: Replica) => replayLog(db, catalog, tenantId, replica, tables);
}

async function lastDeviceSeq(db: Kysely<CentralDb>, tenantId: string): Promise<number> {
  const { rows } = await sql<{ last_device_seq: number }>`
    SELECT last_device_seq FROM devices WHERE tenant_id = ${tenantId} AND id = ${API_DEVICE_ID}`.execute(db);
  return Number(rows[0]?.last_device_seq ?? 0);
}

/** The body in centavos, checked by `sales.apply`'s own schema (400 with the pt-BR reason). */
function parseBody(body: unknown): z.output<typeof applyInputSchema> {
  if (typeof body !== 'object' || body === null || jsonDepth(body, 12) > 11) {
    throw new SyncError(400, 'invalid_request', 'Corpo inválido: envie { action, transaction_data, metadata }.');
  }
  const converted = moneyToCents(body, 'body');
  if ('fault' in converted) throw new SyncError(400, 'invalid_amount', converted.fault.message);
  const parsed = applyInputSchema.safeParse(converted.value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.map(String).join('.') || 'body';
    throw new SyncError(400, 'invalid_request', `${where}: ${first?.message ?? 'inválido'}`);
  }
  return parsed.data;
}

interface Pushed {
  applied: number;
  rejected: { mutation_id: string; code: string; reason: string }[];
}

/**
 * Pushes what the action wrote on the replica (its outbox) into central as the API device of
 * the tenant, through the same exactly-once path as a desktop (`applyPush`): device_seq follows
 * the API device's last one, so a retry after a crash is skipped, never applied twice.
 */
async function pushOutbox(db: Kysely<CentralDb>, catalog: Catalog, replica: Replica, origin: Origin): Promise<Pushed> {
  let applied = 0;
  const rejected: Pushed['rejected'] = [];
  for (;;) {
    const batch = readPendingBatch(replica.db, 1000);
    if (batch.length === 0) return { applied, rejected };
    const base = await lastDeviceSeq(db, origin.tenantId);
    const mutations: PushMutation[] = batch.map((m, i) => ({ ...m, device_seq: base + i + 1 }));
    const answer = await applyPush(db, catalog, origin, mutations);
    acknowledge(replica.db, answer, new Date().toISOString());
    applied += answer.applied.length;
    rejected.push(...answer.rejected);
  }
}

async function postSale(
  db: Kysely<CentralDb>,
  catalog: Catalog,
  cache: ReplicaCache,
  tenantId: string,
  input: z.output<typeof applyInputSchema>,
): Promise<ApplyResponse> {
  const named = input.transaction_data.location_external_id ?? input.metadata?.location;
  const storeId =
    typeof named === 'string' ? (await findLocation(db, tenantId, named)).id : await defaultStore(db, tenantId);
  const home = await defaultStore(db, tenantId);
  await ensureApiDevice(db, tenantId, home);
  const origin: Origin = { tenantId, storeId, deviceId: API_DEVICE_ID };
  const key = `api|${tenantId}`;
  return cache.exclusive(key, async () => {
    const replica = await cache.get(
      db,
      tenantId,
      key,
      () => buildReplica(db, catalog, tenantId),
      follow(db, catalog, tenantId),
    );
    const now = new Date();
    putSetting(replica.db, DEVICE_STORE_KEY, storeId, now.toISOString());
    // Its imported sales are numbered LJ01-API-EXT-…, never a desktop's LJ01-…-EXT-… (issue 14).
    putSetting(replica.db, SALE_NUMBER_TAG_KEY, 'API', now.toISOString());
    const ctx: Context = { db: replica.db, session: newSession(true), clock: { now: () => now } };
    let response: ApplyResponse;
    try {
      response = replica.db.transaction(() => applyAction(ctx, input));
    } catch (error) {
      if (error instanceof AppError) {
        const status =
          error.code === 'invalid_input'
            ? 400
            : error.code === 'not_found' || error.code.startsWith('unknown_')
              ? 404
              : 422;
        throw new SyncError(status, error.code, error.userMessage);
      }
      cache.drop(key);
      throw error;
    }
    const before = replica.lastSeq;
    let pushed: Pushed;
    try {
      pushed = await pushOutbox(db, catalog, replica, origin);
    } catch (error) {
      cache.drop(key);
      throw error;
    }
    if ((await tenantPosition(db, tenantId)) === before + pushed.applied) replica.lastSeq = before + pushed.applied;
    else cache.drop(key);
    if (pushed.rejected.length > 0) {
      cache.drop(key);
      throw new SyncError(
        422,
        'rejected',
        `O servidor recusou parte da operação: ${pushed.rejected.map((r) => `${r.code} (${r.reason})`).join('; ')}`,
      );
    }
    return response;
  });
}

/**
 * The external sales API (issue 14, seed 000), authorized by a tenant's API key
 * (`Authorization: Bearer bsk_…`):
 * - `POST /api/v1/sales` `{ action, transaction_data, metadata }`: the unified actions of
 *   `cli apply`, with money in reais; answered with the same shape, in reais. The action runs
 *   with the device's own services on the tenant's replica and reaches central (and, through
 *   the read path, every desktop) as the pushes of the tenant's API device. The same
 *   `external_id` twice registers one sale (`status: 'duplicate'`).
 * - `GET /api/v1/sales?external_id=&customer_external_id=&salesperson_id=&date_from=&date_to=
 *   &include_analytics=true`: the tenant's sales with items, payments and fiscal documents.
 */
export function registerSalesApi(app: FastifyInstance, db: Kysely<CentralDb>, catalog: Catalog, cache: ReplicaCache) {
  app.post('/api/v1/sales', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    const { tenantId, keyId } = await authenticateApiKey(db, request.headers.authorization);
    const input = parseBody(request.body);
    const response = await postSale(db, catalog, cache, tenantId, input);
    request.log.info(
      { tenant_id: tenantId, api_key: keyId, action: input.action, status: response.status },
      'api sale action',
    );
    return reply.send(answerInReais(response));
  });
  app.get('/api/v1/sales', async (request, reply) => {
    const { tenantId } = await authenticateApiKey(db, request.headers.authorization);
    const parsed = salesQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new SyncError(
        400,
        'invalid_request',
        `${first?.path.join('.') || 'query'}: ${first?.message ?? 'inválido'}`,
      );
    }
    const home = await defaultStore(db, tenantId);
    const key = `api|${tenantId}`;
    const answer = await cache.exclusive(key, async () => {
      const replica = await cache.get(
        db,
        tenantId,
        key,
        () => buildReplica(db, catalog, tenantId),
        follow(db, catalog, tenantId),
      );
      return querySalesForApi(replica.db, home, parsed.data);
    });
    return reply.header('cache-control', 'no-store').send(answerInReais(answer));
  });
}
