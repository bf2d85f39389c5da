import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * LGPD (device migration 0021), mirrored like 0002: consents and data-subject requests with the
 * device's columns, CHECKs and NOT NULLs, `tenant_id` plus the origin `device_id` and `store_id`,
 * primary key `(tenant_id, id)`, no foreign keys, row-level security by tenant. (Backups and
 * clinical notes stay on the device.)
 */
export const lgpd: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE consents (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        customer_id TEXT,
        lead_id TEXT,
        purpose TEXT NOT NULL CHECK (purpose IN ('marketing', 'lembretes')),
        text_shown TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('presencial', 'whatsapp', 'telefone', 'email', 'site', 'formulario')),
        granted_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CHECK ((customer_id IS NULL) <> (lead_id IS NULL))
      )`,
      ...tenantPolicy('consents'),
      `CREATE TABLE privacy_requests (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        request_type TEXT NOT NULL CHECK (request_type IN ('acesso', 'portabilidade', 'correcao', 'eliminacao')),
        status TEXT NOT NULL DEFAULT 'aberta' CHECK (status IN ('aberta', 'concluida', 'recusada')),
        details TEXT,
        received_at TEXT NOT NULL,
        due_date TEXT NOT NULL,
        completed_at TEXT,
        resolution TEXT,
        created_by TEXT,
        completed_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`,
      ...tenantPolicy('privacy_requests'),
    ]);
  },
};
