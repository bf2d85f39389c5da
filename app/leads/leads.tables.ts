import type { Generated } from 'kysely';

/** The funnel's stage keys, in order (issue 12). `perdido` is reachable from any open stage. */
export const LEAD_STAGES = ['novo', 'contatado', 'interessado', 'agendado', 'convertido', 'perdido'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export const ACTIVITY_KINDS = ['note', 'call', 'message', 'task'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** What a stage change was: a move forward (or to perdido), a reopen (going back), a merge, a conversion. */
export type StageChangeKind = 'move' | 'reopen' | 'merge' | 'convert';

/** Row types of the leads tables (device migration 0016); joined into `Database` in app/db/schema.ts. */
export interface LeadsTable {
  id: string;
  external_id: string | null;
  name: string;
  /** E.164 (`+5511987654321`), from normalizePhoneBR. */
  phone: string | null;
  /** Lower case. */
  email: string | null;
  origin: string;
  interest: string | null;
  notes: string | null;
  owner_id: string | null;
  /** JSON list of tags. */
  tags: Generated<string>;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  stage: Generated<LeadStage>;
  lost_reason: string | null;
  /** JSON `{ budget, authority, need, timeline }` as answered. */
  bant_answers: Generated<string>;
  /** 0..100, from the answers and the store's weights. */
  bant_score: Generated<number>;
  customer_id: string | null;
  /** The lead this one was merged into (it then stays out of lists and counts). */
  merged_into: string | null;
  converted_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LeadStageChangesTable {
  id: string;
  lead_id: string;
  from_stage: LeadStage | null;
  to_stage: LeadStage;
  kind: StageChangeKind;
  reason: string | null;
  user_id: string | null;
  occurred_at: string;
  created_at: string;
}

export interface LeadActivitiesTable {
  id: string;
  lead_id: string;
  kind: ActivityKind;
  body: string;
  /** Tasks only: when it is due (UTC ISO). */
  due_at: string | null;
  done: Generated<number>;
  done_at: string | null;
  /** Whose task it is (defaults to the lead's owner, else the creator). */
  assigned_to: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Store-wide editable lists: `origins`, `stage_labels`, `bant` (JSON in `value`). */
export interface LeadConfigTable {
  id: 'origins' | 'stage_labels' | 'bant';
  value: string;
  created_at: string;
  updated_at: string;
}

export interface LeadTables {
  leads: LeadsTable;
  lead_stage_changes: LeadStageChangesTable;
  lead_activities: LeadActivitiesTable;
  lead_config: LeadConfigTable;
}
