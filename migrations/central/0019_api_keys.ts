import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * Per-tenant API keys of the external sales API (issue 14): made by `sync-server api-key`,
 * shown once, stored as their SHA-256 (`key_hash`), revocable (`revoked_at`). The key names
 * the tenant; nothing in a request can widen it.
 */
export const apiKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE api_keys (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        id TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_used_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ,
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE INDEX api_keys_id ON api_keys (id)`,
      ...tenantPolicy('api_keys'),
    ]);
  },
};
