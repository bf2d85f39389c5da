import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

const STAGES = `('novo','contatado','interessado','agendado','convertido','perdido')`;

/**
 * The leads CRM (issue 12). Every table is synced through the outbox:
 * - `leads`: a person who may become a customer: phone in E.164, e-mail in lower case, origin
 *   (a key of the editable origin list), interest, owner, tags (JSON list), UTM, the funnel
 *   `stage` (+ `lost_reason` when perdido), the BANT answers and score (0..100), the customer
 *   it converted to or was linked with, and `merged_into` when merged into another lead. Record.
 * - `lead_stage_changes`: every stage change with user and time (move, reopen, merge, convert). Fact.
 * - `lead_activities`: notes, calls, messages and tasks (due date, done flag). Record.
 * - `lead_config`: the store's editable origins, stage labels and BANT questions (JSON). Record.
 * - customers get an index on `email` (stored lower case) for the duplicate check.
 */
export const leads: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE leads (
        id TEXT PRIMARY KEY,
        external_id TEXT UNIQUE,
        name TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        origin TEXT NOT NULL,
        interest TEXT,
        notes TEXT,
        owner_id TEXT REFERENCES users (id),
        tags TEXT NOT NULL DEFAULT '[]',
        utm_source TEXT,
        utm_medium TEXT,
        utm_campaign TEXT,
        stage TEXT NOT NULL DEFAULT 'novo' CHECK (stage IN ${STAGES}),
        lost_reason TEXT,
        bant_answers TEXT NOT NULL DEFAULT '{}',
        bant_score INTEGER NOT NULL DEFAULT 0 CHECK (bant_score BETWEEN 0 AND 100),
        customer_id TEXT REFERENCES customers (id),
        merged_into TEXT REFERENCES leads (id),
        converted_at TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX leads_phone ON leads (phone) WHERE phone IS NOT NULL`,
      `CREATE INDEX leads_email ON leads (email) WHERE email IS NOT NULL`,
      `CREATE INDEX leads_created ON leads (created_at)`,
      `CREATE INDEX leads_customer ON leads (customer_id) WHERE customer_id IS NOT NULL`,
      `CREATE TABLE lead_stage_changes (
        id TEXT PRIMARY KEY,
        lead_id TEXT NOT NULL REFERENCES leads (id),
        from_stage TEXT CHECK (from_stage IN ${STAGES}),
        to_stage TEXT NOT NULL CHECK (to_stage IN ${STAGES}),
        kind TEXT NOT NULL CHECK (kind IN ('move','reopen','merge','convert')),
        reason TEXT,
        user_id TEXT,
        occurred_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX lead_stage_changes_lead ON lead_stage_changes (lead_id, occurred_at)`,
      `CREATE TABLE lead_activities (
        id TEXT PRIMARY KEY,
        lead_id TEXT NOT NULL REFERENCES leads (id),
        kind TEXT NOT NULL CHECK (kind IN ('note','call','message','task')),
        body TEXT NOT NULL,
        due_at TEXT,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        done_at TEXT,
        assigned_to TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX lead_activities_lead ON lead_activities (lead_id, created_at)`,
      `CREATE INDEX lead_activities_open_tasks ON lead_activities (due_at) WHERE kind = 'task' AND done = 0`,
      `CREATE TABLE lead_config (
        id TEXT PRIMARY KEY CHECK (id IN ('origins','stage_labels','bant')),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX customers_email ON customers (email) WHERE email IS NOT NULL`,
    ]);
  },
};
