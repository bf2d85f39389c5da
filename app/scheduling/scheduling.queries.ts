import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import type { AppointmentsTable } from './scheduling.tables';

/** Lookups of the agenda by external id; an unknown id is an AppError that names it (pt-BR). */
export interface ProfessionalRow {
  id: string;
  external_id: string;
  salesperson_id: string;
  working_hours: string;
  procedure_ids: string;
  active: number;
  name: string;
  salesperson_external_id: string;
  user_id: string | null;
}

const PROFESSIONAL_COLUMNS = [
  'p.id',
  'p.external_id',
  'p.salesperson_id',
  'p.working_hours',
  'p.procedure_ids',
  'p.active',
  's.name',
  's.external_id as salesperson_external_id',
  's.user_id',
] as const;

export function professionalQuery(db: Db) {
  return db.q
    .selectFrom('professionals as p')
    .innerJoin('salespeople as s', 's.id', 'p.salesperson_id')
    .select(PROFESSIONAL_COLUMNS);
}

export function findProfessional(db: Db, externalId: string): ProfessionalRow | undefined {
  return db.first(professionalQuery(db).where('p.external_id', '=', externalId));
}

export function findProfessionalById(db: Db, id: string): ProfessionalRow | undefined {
  return db.first(professionalQuery(db).where('p.id', '=', id));
}

export function listProfessionals(db: Db): ProfessionalRow[] {
  return db.all(professionalQuery(db).where('p.active', '=', 1).orderBy('s.name'));
}

export function requireProfessional(ctx: Context, externalId: string): ProfessionalRow {
  const row = findProfessional(ctx.db, externalId);
  if (!row) {
    throw new AppError(
      'unknown_professional',
      `Unknown professional ${externalId}`,
      `Profissional desconhecido: ${externalId}.`,
      {
        external_id: externalId,
      },
    );
  }
  return row;
}

export interface ProcedureRow {
  id: string;
  external_id: string | null;
  name: string;
  kind: 'goods' | 'service' | 'package';
  duration_minutes: number | null;
  buffer_minutes: number;
  resource_ids: string;
  variant_id: string;
  sku: string;
  price_cents: number;
}

function procedureQuery(db: Db) {
  return db.q
    .selectFrom('products as pr')
    .innerJoin('variants as v', 'v.product_id', 'pr.id')
    .select([
      'pr.id',
      'pr.external_id',
      'pr.name',
      'pr.kind',
      'pr.duration_minutes',
      'pr.buffer_minutes',
      'pr.resource_ids',
      'v.id as variant_id',
      'v.external_id as sku',
      'v.price_cents',
    ])
    .orderBy('v.created_at')
    .limit(1);
}

/** A product by its external id or one of its variants' SKU, with its first variant's price. */
export function findProcedure(db: Db, externalId: string): ProcedureRow | undefined {
  return (
    db.first(procedureQuery(db).where('pr.external_id', '=', externalId)) ??
    db.first(procedureQuery(db).where('v.external_id', '=', externalId))
  );
}

export function findProcedureById(db: Db, id: string): ProcedureRow | undefined {
  return db.first(procedureQuery(db).where('pr.id', '=', id));
}

/** A service with a duration: what can be booked. */
export function requireProcedure(ctx: Context, externalId: string): ProcedureRow & { duration_minutes: number } {
  const row = findProcedure(ctx.db, externalId);
  if (!row) {
    throw new AppError(
      'unknown_procedure',
      `Unknown procedure ${externalId}`,
      `Procedimento desconhecido: ${externalId}.`,
      {
        external_id: externalId,
      },
    );
  }
  if (row.kind !== 'service' || !row.duration_minutes) {
    throw new AppError(
      'not_a_procedure',
      `Product ${externalId} is not a service with a duration`,
      `${row.name} não é um procedimento com duração; cadastre-o como serviço com duração em minutos.`,
      { external_id: externalId },
    );
  }
  return { ...row, duration_minutes: row.duration_minutes };
}

export function findResource(db: Db, externalId: string) {
  return db.first(db.q.selectFrom('resources').selectAll().where('external_id', '=', externalId));
}

export function requireResource(ctx: Context, externalId: string) {
  const row = findResource(ctx.db, externalId);
  if (!row) {
    throw new AppError('unknown_resource', `Unknown resource ${externalId}`, `Recurso desconhecido: ${externalId}.`, {
      external_id: externalId,
    });
  }
  return row;
}

export type AppointmentRow = AppointmentsTable & { late_cancel: number; resource_ids: string };

export function findAppointment(db: Db, externalId: string): AppointmentRow | undefined {
  return db.first(db.q.selectFrom('appointments').selectAll().where('external_id', '=', externalId)) as
    AppointmentRow | undefined;
}

export function requireAppointment(ctx: Context, externalId: string): AppointmentRow {
  const row = findAppointment(ctx.db, externalId);
  if (!row) {
    throw new AppError(
      'unknown_appointment',
      `Unknown appointment ${externalId}`,
      `Agendamento não encontrado: ${externalId}.`,
      {
        external_id: externalId,
      },
    );
  }
  return row;
}

/** Statuses whose bookings hold their professional and resources. */
export const ACTIVE_STATUSES = ['pendente', 'confirmado', 'em_atendimento', 'realizado'] as const;

/** Parses a stored JSON list, [] when absent or malformed. */
export function jsonList<T>(value: string | null | undefined): T[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}
