import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { authenticate, sha256, type CentralTarget } from '../admin';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';

function dbOf(target: CentralTarget): Kysely<CentralDb> {
  return 'central' in target ? target.central.db : target;
}

/**
 * Makes an API key for a tenant: 256 random bits (`bsk_…`), shown once here and stored only as
 * its SHA-256. `key_id` names it for revocation. Throws SyncError 404 `unknown_tenant`.
 */
export async function createApiKey(
  target: CentralTarget,
  tenantId: string,
): Promise<{ api_key: string; key_id: string; tenant_id: string }> {
  const db = dbOf(target);
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw new SyncError(404, 'unknown_tenant', `tenant ${tenantId} does not exist`);
  const apiKey = `bsk_${randomBytes(32).toString('base64url')}`;
  const keyId = `key_${randomBytes(6).toString('hex')}`;
  await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, id: keyId, key_hash: sha256(apiKey) })
    .execute();
  return { api_key: apiKey, key_id: keyId, tenant_id: tenantId };
}

/** Revokes an API key by its id (requests with it answer 401 from now on). 404 `unknown_api_key`. */
export async function revokeApiKey(target: CentralTarget, keyId: string): Promise<{ revoked: number }> {
  const db = dbOf(target);
  const known = await db.selectFrom('api_keys').select('id').where('id', '=', keyId).executeTakeFirst();
  if (!known) throw new SyncError(404, 'unknown_api_key', `API key ${keyId} does not exist`);
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return { revoked: Number(result.numUpdatedRows) };
}

/** The tenant an `Authorization: Bearer <api key>` belongs to; 401 `unauthorized` / `api_key_revoked`. */
export async function authenticateApiKey(
  db: Kysely<CentralDb>,
  authorization: string | undefined,
): Promise<{ tenantId: string; keyId: string }> {
  const key = /^Bearer\s+(bsk_\S+)$/i.exec(authorization ?? '')?.[1];
  if (!key) throw new SyncError(401, 'unauthorized', 'missing Authorization: Bearer <API key>');
  const row = await db
    .selectFrom('api_keys')
    .select(['tenant_id', 'id', 'revoked_at'])
    .where('key_hash', '=', sha256(key))
    .executeTakeFirst();
  if (!row) throw new SyncError(401, 'unauthorized', 'unknown API key');
  if (row.revoked_at) throw new SyncError(401, 'api_key_revoked', 'this API key was revoked');
  return { tenantId: row.tenant_id, keyId: row.id };
}

/**
 * The tenant of a request made with either a device token (a desktop) or an API key
 * (an integrator): the consolidated reports accept both. Never read from the request itself.
 */
export async function authenticateTenant(db: Kysely<CentralDb>, authorization: string | undefined): Promise<string> {
  if (/^Bearer\s+bsk_/i.test(authorization ?? '')) return (await authenticateApiKey(db, authorization)).tenantId;
  return (await authenticate(db, authorization)).tenantId;
}
