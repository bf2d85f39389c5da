import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { EnrolRequest, EnrolResponse } from '../app/sync/protocol';
import type { CentralDb } from './db/schema';
import { SyncError } from './errors';
import type { Origin } from './push/statements';

/** Enrolment codes expire 24 hours after they are made. */
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The central database, or a running server (`startSyncServer`'s result) holding it. */
export type CentralTarget = Kysely<CentralDb> | { central: { db: Kysely<CentralDb> } };

function dbOf(target: CentralTarget): Kysely<CentralDb> {
  return 'central' in target ? target.central.db : target;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A code a person can type: 16 characters (80 bits) in groups of four, e.g. `K7QM-…`. */
function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed. */
export function normalizeEnrolmentCode(code: string): string {
  const plain = code.toUpperCase().replace(/[\s-]/g, '');
  return plain.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * Makes a one-time enrolment code for a tenant (stored as its SHA-256; expires after 24 h).
 * Throws SyncError 404 `unknown_tenant`.
 */
export async function createEnrolmentCode(
  target: CentralTarget,
  tenantId: string,
  now = new Date(),
): Promise<{ enrolment_code: string; expires_at: string }> {
  const db = dbOf(target);
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw new SyncError(404, 'unknown_tenant', `tenant ${tenantId} does not exist`);
  const code = newEnrolmentCode();
  const expires = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS);
  await db
    .insertInto('enrolment_codes')
    .values({ code_hash: sha256(code), tenant_id: tenantId, created_at: now, expires_at: expires })
    .execute();
  return { enrolment_code: code, expires_at: expires.toISOString() };
}

/** Creates a tenant (and its sync_log counter) and its first enrolment code. */
export async function createTenant(
  target: CentralTarget,
  name: string,
): Promise<{ tenant_id: string; enrolment_code: string; expires_at: string }> {
  const db = dbOf(target);
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 120)
    throw new SyncError(400, 'invalid_name', 'tenant name must have 1 to 120 characters');
  const tenantId = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tenants').values({ id: tenantId, name: trimmed }).execute();
    await trx.insertInto('sync_counters').values({ tenant_id: tenantId }).execute();
  });
  return { tenant_id: tenantId, ...(await createEnrolmentCode(db, tenantId)) };
}

/** Revokes every token of a device id (its pushes answer 401 `token_revoked` from now on). */
export async function revokeDevice(target: CentralTarget, deviceId: string): Promise<{ revoked: number }> {
  const db = dbOf(target);
  const result = await db
    .updateTable('devices')
    .set({ revoked_at: new Date() })
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const known = await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst();
  if (!known) throw new SyncError(404, 'unknown_device', `device ${deviceId} does not exist`);
  return { revoked: Number(result.numUpdatedRows) };
}

/**
 * Spends a one-time code: the desktop's store joins the code's tenant and the device gets a new
 * token (256 random bits, returned once, stored as its SHA-256). The same device enrolling
 * again keeps its push position and gets a new token (the old one stops working).
 * Errors: 403 `invalid_code` (unknown, used or expired — not told apart), 409 `device_store_mismatch`.
 */
export async function enrolDevice(
  db: Kysely<CentralDb>,
  request: EnrolRequest,
  now = new Date(),
): Promise<EnrolResponse> {
  const token = `bst_${randomBytes(32).toString('base64url')}`;
  const codeHash = sha256(normalizeEnrolmentCode(request.code));
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('enrolment_codes')
      .set({ used_at: now, used_by_device: request.device_id })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('tenant_id')
      .executeTakeFirst();
    if (!used) throw new SyncError(403, 'invalid_code', 'the enrolment code is unknown, used or expired');
    const tenantId = used.tenant_id;
    const storeId = await enrolmentStore(trx, tenantId, request);
    const existing = await trx
      .selectFrom('devices')
      .select('store_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', request.device_id)
      .executeTakeFirst();
    if (existing && existing.store_id !== storeId) {
      throw new SyncError(409, 'device_store_mismatch', 'this device is enrolled for another store');
    }
    await trx
      .insertInto('devices')
      .values({
        tenant_id: tenantId,
        id: request.device_id,
        store_id: storeId,
        name: request.device_name,
        token_hash: sha256(token),
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'id'])
          .doUpdateSet({ token_hash: sha256(token), name: request.device_name, revoked_at: null }),
      )
      .execute();
    return { token, tenant_id: tenantId, store_id: storeId, device_id: request.device_id };
  });
}

/**
 * The store the enrolling device belongs to. `join_store`: an existing store of the tenant with
 * that code, enrolled before (404 `unknown_store` if none has sent its rows yet). Otherwise the
 * desktop's own store joins the tenant — refused with 409 `store_code_taken` when another store
 * of the tenant already uses its code (store codes number the sales, so they must stay unique).
 */
async function enrolmentStore(trx: Transaction<CentralDb>, tenantId: string, request: EnrolRequest): Promise<string> {
  if (request.join_store !== undefined) {
    const { rows } = await sql<{ id: string }>`
      SELECT s.id FROM stores s JOIN tenant_stores ts ON ts.tenant_id = s.tenant_id AND ts.id = s.id
      WHERE s.tenant_id = ${tenantId} AND upper(s.code) = upper(${request.join_store})
      ORDER BY s.created_at, s.id LIMIT 1`.execute(trx);
    const store = rows[0];
    if (!store) throw new SyncError(404, 'unknown_store', `the tenant has no store ${request.join_store}`);
    return store.id;
  }
  const storeId = request.store_id!;
  const storeName = request.store_name!;
  const { rows: taken } = await sql<{ id: string }>`
    SELECT s.id FROM stores s JOIN tenant_stores ts ON ts.tenant_id = s.tenant_id AND ts.id = s.id
    WHERE s.tenant_id = ${tenantId} AND s.id <> ${storeId} AND upper(s.code) = upper(${request.store_code ?? null})
    LIMIT 1`.execute(trx);
  if (taken.length > 0) throw new SyncError(409, 'store_code_taken', 'another store of the tenant uses this code');
  await trx
    .insertInto('tenant_stores')
    .values({ tenant_id: tenantId, id: storeId, name: storeName })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({ name: storeName }))
    .execute();
  return storeId;
}

/** The device a bearer token belongs to; 401 `unauthorized` / `token_revoked`. */
export async function authenticate(db: Kysely<CentralDb>, authorization: string | undefined): Promise<Origin> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new SyncError(401, 'unauthorized', 'missing Authorization: Bearer token');
  const device = await db
    .selectFrom('devices')
    .select(['tenant_id', 'id', 'store_id', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!device) throw new SyncError(401, 'unauthorized', 'unknown device token');
  if (device.revoked_at) throw new SyncError(401, 'token_revoked', 'this device token was revoked');
  return { tenantId: device.tenant_id, storeId: device.store_id, deviceId: device.id };
}

/** `SELECT 1` through the pool: the database answers. */
export async function databaseReachable(db: Kysely<CentralDb>): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
