import type { Kysely, Migration } from 'kysely';
import { APP_ROLE, runStatements, tenantPolicy } from './run-sql';

/**
 * Tenants and who may push for them:
 * - the application role `balcao_sync_app` (NOLOGIN; cluster-wide, so created only if missing)
 *   that tenant requests switch to with `SET LOCAL ROLE`, with default privileges on every table
 *   this owner creates later;
 * - `tenants`; `tenant_stores` (a desktop's store joins its tenant at enrolment); `devices`
 *   (token stored as SHA-256 hex, revocable; `last_device_seq` is the highest outbox seq applied);
 * - `enrolment_codes` (one-time, expiring, stored as SHA-256 hex).
 */
export const tenancy: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      // Two databases of one cluster may migrate at once: a lost race is not an error.
      `DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`,
      // The owner must be able to SET ROLE to it (a superuser already can).
      `DO $$ BEGIN
        IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
      END $$`,
      `GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO ${APP_ROLE}`,
      `CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE tenant_stores (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE TABLE devices (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        last_device_seq BIGINT NOT NULL DEFAULT 0,
        enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_push_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, store_id) REFERENCES tenant_stores (tenant_id, id)
      )`,
      `CREATE INDEX devices_id ON devices (id)`,
      `CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        expires_at TIMESTAMPTZ NOT NULL,
        used_at TIMESTAMPTZ,
        used_by_device TEXT
      )`,
      ...tenantPolicy('tenants', 'id'),
      ...tenantPolicy('tenant_stores'),
      ...tenantPolicy('devices'),
      ...tenantPolicy('enrolment_codes'),
    ]);
  },
};
