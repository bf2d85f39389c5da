import type { Context } from '../contract/context';
import { ownProfessionalOnly } from './agenda.access';
import type { DayInterval, WeeklyInterval } from './hours';
import { jsonList, listProfessionals } from './scheduling.queries';
import { formatHm, isoInZone, storeZone } from './zone';

/** Reads the agenda's screens need: professionals, procedures, resources, exceptions, blocks. */
export function professionalsView(ctx: Context) {
  const own = ownProfessionalOnly(ctx);
  const procedures = new Map(procedureList(ctx).map((p) => [p.id, p]));
  return listProfessionals(ctx.db)
    .filter((p) => !own || p.user_id === ctx.session.userId)
    .map((p) => ({
      id: p.id,
      external_id: p.external_id,
      name: p.name,
      salesperson_external_id: p.salesperson_external_id,
      procedures: jsonList<string>(p.procedure_ids)
        .map((id) => procedures.get(id)?.external_id)
        .filter((x): x is string => typeof x === 'string'),
      working_hours: jsonList<WeeklyInterval>(p.working_hours).map((w) => ({
        weekday: w.weekday,
        start: formatHm(w.start_minute),
        end: formatHm(w.end_minute),
      })),
    }));
}

/** Bookable procedures (active services with a duration) and packages, with price and agenda fields. */
export function procedureList(ctx: Context) {
  const rows = ctx.db.all(
    ctx.db.q
      .selectFrom('products as pr')
      .select([
        'pr.id',
        'pr.external_id',
        'pr.name',
        'pr.kind',
        'pr.duration_minutes',
        'pr.buffer_minutes',
        'pr.resource_ids',
        'pr.package_procedure_id',
        'pr.package_sessions',
        (eb) =>
          eb
            .selectFrom('variants as v')
            .select('v.price_cents')
            .whereRef('v.product_id', '=', 'pr.id')
            .orderBy('v.created_at')
            .limit(1)
            .as('price_cents'),
      ])
      .where('pr.active', '=', 1)
      .where((eb) =>
        eb.or([
          eb('pr.kind', '=', 'package'),
          eb.and([eb('pr.kind', '=', 'service'), eb('pr.duration_minutes', 'is not', null)]),
        ]),
      )
      .orderBy('pr.name'),
  );
  return rows.map((r) => ({ ...r, resource_ids: jsonList<string>(r.resource_ids), price_cents: r.price_cents ?? 0 }));
}

export function resourceList(ctx: Context) {
  return ctx.db.all(ctx.db.q.selectFrom('resources').select(['id', 'external_id', 'name', 'active']).orderBy('name'));
}

/** Exceptions from today on and active blocks not yet over, of every professional. */
export function exceptionsAndBlocks(ctx: Context) {
  const zone = storeZone(ctx);
  const now = ctx.clock.now().toISOString();
  const exceptions = ctx.db
    .all(
      ctx.db.q
        .selectFrom('schedule_exceptions as e')
        .innerJoin('professionals as p', 'p.id', 'e.professional_id')
        .select(['e.id', 'e.date', 'e.intervals', 'p.external_id as professional_external_id'])
        .where('e.active', '=', 1)
        .where('e.date', '>=', now.slice(0, 10))
        .orderBy('e.date'),
    )
    .map((e) => ({
      ...e,
      intervals: jsonList<DayInterval>(e.intervals).map((i) => ({
        start: formatHm(i.start_minute),
        end: formatHm(i.end_minute),
      })),
    }));
  const blocks = ctx.db
    .all(
      ctx.db.q
        .selectFrom('schedule_blocks as b')
        .innerJoin('professionals as p', 'p.id', 'b.professional_id')
        .select(['b.id', 'b.starts_at', 'b.ends_at', 'b.reason', 'p.external_id as professional_external_id'])
        .where('b.active', '=', 1)
        .where('b.ends_at', '>', now)
        .orderBy('b.starts_at'),
    )
    .map((b) => ({
      id: b.id,
      professional_external_id: b.professional_external_id,
      reason: b.reason,
      start: isoInZone(Date.parse(b.starts_at), zone),
      end: isoInZone(Date.parse(b.ends_at), zone),
    }));
  return { exceptions, blocks, timezone: zone };
}
