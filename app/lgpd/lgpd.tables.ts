import type { Generated } from 'kysely';

/** Row types of the LGPD tables (device migration 0021); joined into `Database` in app/db/schema.ts. */
export type ConsentPurpose = 'marketing' | 'lembretes';
export type ConsentChannel = 'presencial' | 'whatsapp' | 'telefone' | 'email' | 'site' | 'formulario';
export type PrivacyRequestType = 'acesso' | 'portabilidade' | 'correcao' | 'eliminacao';
export type PrivacyRequestStatus = 'aberta' | 'concluida' | 'recusada';
export type ClinicalNoteKind = 'evolucao' | 'anamnese';

export interface ConsentsTable {
  id: string;
  customer_id: string | null;
  lead_id: string | null;
  purpose: ConsentPurpose;
  /** The exact text the person agreed to. */
  text_shown: string;
  channel: ConsentChannel;
  granted_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PrivacyRequestsTable {
  id: string;
  customer_id: string;
  request_type: PrivacyRequestType;
  status: Generated<PrivacyRequestStatus>;
  details: string | null;
  received_at: string;
  /** Local date (store zone) the answer is due: received + 15 days (LGPD art. 19, II). */
  due_date: string;
  completed_at: string | null;
  resolution: string | null;
  created_by: string | null;
  completed_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClinicalNotesTable {
  id: string;
  customer_id: string;
  kind: ClinicalNoteKind;
  /** First 16 hex characters of SHA-256(key): which key sealed the note. */
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  created_by: string | null;
  created_at: string;
}

export interface LgpdTables {
  consents: ConsentsTable;
  privacy_requests: PrivacyRequestsTable;
  clinical_notes: ClinicalNotesTable;
}
