import type { Kysely, Migration } from 'kysely';
import { runStatements, tenantPolicy } from './run-sql';

/**
 * The leads CRM (device migration 0016), mirrored like 0002: the device's columns, types
 * (INTEGER → BIGINT), defaults, NOT NULLs and CHECKs; `tenant_id` and the origin `device_id` and
 * `store_id`; primary key `(tenant_id, id)`; the device UNIQUE (`leads.external_id`) scoped to the
 * device that wrote the rows, deferred; no foreign keys; row-level security by tenant.
 * `lead_config` rows are keyed by their list name (`origins`, `stage_labels`, `bant`): the last
 * desktop to edit a list wins, like any record column.
 */
const ORIGIN_STORE = `store_id TEXT NOT NULL,
        device_id TEXT NOT NULL`;
const STAGES = `('novo','contatado','interessado','agendado','convertido','perdido')`;

const TABLES: Record<string, string> = {
  leads: `
        id TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        origin TEXT NOT NULL,
        interest TEXT,
        notes TEXT,
        owner_id TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        utm_source TEXT,
        utm_medium TEXT,
        utm_campaign TEXT,
        stage TEXT NOT NULL DEFAULT 'novo' CHECK (stage IN ${STAGES}),
        lost_reason TEXT,
        bant_answers TEXT NOT NULL DEFAULT '{}',
        bant_score BIGINT NOT NULL DEFAULT 0 CHECK (bant_score BETWEEN 0 AND 100),
        customer_id TEXT,
        merged_into TEXT,
        converted_at TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  lead_stage_changes: `
        id TEXT NOT NULL,
        lead_id TEXT NOT NULL,
        from_stage TEXT CHECK (from_stage IN ${STAGES}),
        to_stage TEXT NOT NULL CHECK (to_stage IN ${STAGES}),
        kind TEXT NOT NULL CHECK (kind IN ('move','reopen','merge','convert')),
        reason TEXT,
        user_id TEXT,
        occurred_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  lead_activities: `
        id TEXT NOT NULL,
        lead_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('note','call','message','task')),
        body TEXT NOT NULL,
        due_at TEXT,
        done BIGINT NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        done_at TEXT,
        assigned_to TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
  lead_config: `
        id TEXT NOT NULL CHECK (id IN ('origins','stage_labels','bant')),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ${ORIGIN_STORE}`,
};

export const leads: Migration = {
  async up(db: Kysely<unknown>) {
    const statements: string[] = [];
    for (const [table, columns] of Object.entries(TABLES)) {
      statements.push(
        `CREATE TABLE ${table} (
        tenant_id TEXT NOT NULL,${columns},
        PRIMARY KEY (tenant_id, id)
      )`,
        ...tenantPolicy(table),
      );
    }
    statements.push(
      `ALTER TABLE leads ADD CONSTRAINT leads_external_id_unique UNIQUE (tenant_id, device_id, external_id) DEFERRABLE INITIALLY DEFERRED`,
    );
    await runStatements(db, statements);
  },
};
