import type { Context } from '../contract/context';
import { ownProfessionalOnly } from './agenda.access';
import { ruleViolations } from './booking.rule';
import { ACTIVE_STATUSES, findProcedureById, findProfessionalById, jsonList } from './scheduling.queries';
import { isoInZone, storeZone } from './zone';

export interface ConflictPair {
  a: { external_id: string; patient: string; start: string; professional: string };
  b: { external_id: string; patient: string; start: string; professional: string };
  /** `professional` when both hold the same professional, else `resource`. */
  shared: 'professional' | 'resource';
}

/**
 * Every pair of active bookings (any status but `cancelado`/`faltou`) from today on whose held
 * intervals [start, busy_until) overlap on the same professional or a shared resource, whatever
 * desktop wrote them (two offline desktops can book the same slot; the sync calls this after a
 * pull). A sweep over bookings sorted by start: each is compared only with those still held.
 */
export function listConflicts(ctx: Context): ConflictPair[] {
  const zone = storeZone(ctx);
  const since = new Date(ctx.clock.now().getTime() - 86_400_000).toISOString();
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('appointments as a')
      .innerJoin('customers as cu', 'cu.id', 'a.customer_id')
      .innerJoin('professionals as p', 'p.id', 'a.professional_id')
      .innerJoin('salespeople as s', 's.id', 'p.salesperson_id')
      .select([
        'a.external_id',
        'a.professional_id',
        'a.starts_at',
        'a.busy_until',
        'a.resource_ids',
        'cu.name as patient',
        's.name as professional',
        's.user_id',
      ])
      .where('a.status', 'in', ACTIVE_STATUSES)
      .where('a.busy_until', '>', since)
      .orderBy('a.starts_at'),
  );
  const own = ownProfessionalOnly(ctx);
  const open: ((typeof rows)[number] & { end: number; res: string[] })[] = [];
  const pairs: ConflictPair[] = [];
  for (const row of rows) {
    const start = Date.parse(row.starts_at);
    const current = { ...row, end: Date.parse(row.busy_until), res: jsonList<string>(row.resource_ids) };
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.end <= start) open.splice(i, 1);
    for (const other of open) {
      const samePro = other.professional_id === row.professional_id;
      if (!samePro && !other.res.some((r) => current.res.includes(r))) continue;
      if (own && other.user_id !== ctx.session.userId && row.user_id !== ctx.session.userId) continue;
      const side = (r: typeof current) => ({
        external_id: r.external_id,
        patient: r.patient,
        start: isoInZone(Date.parse(r.starts_at), zone),
        professional: r.professional,
      });
      pairs.push({ a: side(other), b: side(current), shared: samePro ? 'professional' : 'resource' });
    }
    open.push(current);
  }
  return pairs;
}

/** Re-checks one booking against the rule (the agenda's "why is this red?"): the codes it breaks now. */
export function bookingProblems(
  ctx: Context,
  appointment: {
    id: string;
    professional_id: string;
    product_id: string;
    starts_at: string;
    ends_at: string;
    busy_until: string;
    resource_ids: string;
  },
) {
  const professional = findProfessionalById(ctx.db, appointment.professional_id);
  const procedure = findProcedureById(ctx.db, appointment.product_id);
  if (!professional || !procedure) return [];
  return ruleViolations(
    ctx,
    {
      appointmentId: appointment.id,
      professional,
      procedure,
      startMs: Date.parse(appointment.starts_at),
      endMs: Date.parse(appointment.ends_at),
      busyUntilMs: Date.parse(appointment.busy_until),
      resourceIds: jsonList<string>(appointment.resource_ids),
    },
    storeZone(ctx),
  ).map((v) => ({ code: v.code, message: v.message }));
}
