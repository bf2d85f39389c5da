import type { Generated } from 'kysely';

/** Row types of the agenda's tables (migration 0015); joined into `Database` in app/db/schema.ts. */
export type AppointmentStatus = 'pendente' | 'confirmado' | 'em_atendimento' | 'realizado' | 'cancelado' | 'faltou';

export interface ProfessionalsTable {
  id: string;
  external_id: string;
  salesperson_id: string;
  /** JSON `[{ weekday, start_minute, end_minute }]`, minutes after local midnight. */
  working_hours: Generated<string>;
  /** JSON list of product ids (procedures) this professional performs. */
  procedure_ids: Generated<string>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ScheduleExceptionsTable {
  id: string;
  professional_id: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  /** JSON `[{ start_minute, end_minute }]`; `[]` = day off. */
  intervals: Generated<string>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ScheduleBlocksTable {
  id: string;
  professional_id: string;
  starts_at: string;
  ends_at: string;
  reason: string;
  active: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ResourcesTable {
  id: string;
  external_id: string;
  name: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AppointmentsTable {
  id: string;
  external_id: string;
  customer_id: string;
  product_id: string;
  professional_id: string;
  starts_at: string;
  ends_at: string;
  busy_until: string;
  resource_ids: Generated<string>;
  status: AppointmentStatus;
  cancel_reason: string | null;
  cancelled_by: 'clinica' | 'paciente' | null;
  late_cancel: Generated<number>;
  sale_id: string | null;
  package_purchase_id: string | null;
  reminder_sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppointmentHistoryTable {
  id: string;
  appointment_id: string;
  kind: 'created' | 'status' | 'reschedule';
  from_status: string | null;
  to_status: string | null;
  old_starts_at: string | null;
  new_starts_at: string | null;
  old_professional_id: string | null;
  new_professional_id: string | null;
  /** JSON list of the rule codes an `agenda.override` booking went past; null when none. */
  override_codes: string | null;
  reason: string | null;
  user_id: string | null;
  occurred_at: string;
}

export interface PackageMovementsTable {
  id: string;
  customer_id: string;
  /** The purchase movement's id (a purchase names itself). */
  purchase_id: string;
  package_product_id: string;
  procedure_product_id: string;
  kind: 'purchase' | 'consume' | 'return' | 'cancel';
  /** Signed: +N on purchase, −1 per consumed session, −unused on return or cancel. */
  sessions: number;
  sale_item_id: string | null;
  appointment_id: string | null;
  return_id: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface SchedulingTables {
  professionals: ProfessionalsTable;
  schedule_exceptions: ScheduleExceptionsTable;
  schedule_blocks: ScheduleBlocksTable;
  resources: ResourcesTable;
  appointments: AppointmentsTable;
  appointment_history: AppointmentHistoryTable;
  package_movements: PackageMovementsTable;
}
