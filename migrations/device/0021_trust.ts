import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-sql';

/**
 * Trust (issue 16), after the audit trail of 0020:
 * - `backups` (local, never synced): every backup file this computer wrote, with its SHA-256 and
 *   size, checked with `PRAGMA integrity_check` before it was recorded (app/backup/).
 * - `consents` (synced record, central 0021): a person's consent for one purpose (`marketing`,
 *   `lembretes`) with the text shown, the channel and when; `revoked_at` ends it. A new consent
 *   after a revocation is a new row, so the history stays. Exactly one of `customer_id` /
 *   `lead_id` names the person.
 * - `privacy_requests` (synced record, central 0021): LGPD data-subject requests (acesso,
 *   portabilidade, correcao, eliminacao) with the legal deadline (`due_date`, received + 15 days).
 * - `clinical_notes` (local, never synced: the key is this computer's): evolução / anamnese
 *   encrypted with AES-256-GCM; only the ciphertext, its IV and tag are stored (app/lgpd/).
 */
export const trust: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE backups (
        id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        trigger TEXT NOT NULL CHECK (trigger IN ('automatico', 'manual', 'cli')),
        taken_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX backups_taken ON backups (taken_at)`,
      `CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        customer_id TEXT REFERENCES customers (id),
        lead_id TEXT REFERENCES leads (id),
        purpose TEXT NOT NULL CHECK (purpose IN ('marketing', 'lembretes')),
        text_shown TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('presencial', 'whatsapp', 'telefone', 'email', 'site', 'formulario')),
        granted_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((customer_id IS NULL) <> (lead_id IS NULL))
      ) STRICT`,
      `CREATE INDEX consents_customer ON consents (customer_id, purpose) WHERE customer_id IS NOT NULL`,
      `CREATE INDEX consents_lead ON consents (lead_id, purpose) WHERE lead_id IS NOT NULL`,
      `CREATE TABLE privacy_requests (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
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
        updated_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX privacy_requests_open ON privacy_requests (due_date) WHERE status = 'aberta'`,
      `CREATE TABLE clinical_notes (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        kind TEXT NOT NULL CHECK (kind IN ('evolucao', 'anamnese')),
        key_id TEXT NOT NULL,
        iv BLOB NOT NULL CHECK (length(iv) = 12),
        tag BLOB NOT NULL CHECK (length(tag) = 16),
        ciphertext BLOB NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX clinical_notes_customer ON clinical_notes (customer_id, created_at)`,
    ]);
  },
};
