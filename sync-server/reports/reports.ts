import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { dateSchema } from '../../app/analytics/analytics.schemas';
import { computeCommissions, computeMargins } from '../../app/analytics/finance';
import { computeKpis } from '../../app/analytics/kpis';
import { computeRfm, segmentCounts } from '../../app/analytics/rfm';
import { daysBetween } from '../../app/analytics/tz';
import type { Db } from '../../app/db/db';
import { authenticateTenant } from '../api/keys';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';
import type { ReplicaCache } from '../replica/cache';
import { ANALYTICS_TABLES, buildReplica } from '../replica/replica';
import { replayLog } from '../replica/refresh';

const ANALYTICS_SET: ReadonlySet<string> = new Set(ANALYTICS_TABLES);
import type { Catalog } from '../synced-tables';

export const REPORT_KINDS = ['kpis', 'commissions', 'margins', 'rfm'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** `?from=&to=&location=` (and `by` for margins), every field bounded. */
export const reportQuerySchema = z
  .object({
    from: dateSchema,
    to: dateSchema,
    location: z.string().min(1).max(100, { message: 'Loja: até 100 caracteres.' }).optional(),
    by: z
      .enum(['variant', 'product', 'category'], { message: 'Agrupar por: variant, product ou category.' })
      .optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'A data inicial deve ser anterior ou igual à final.', path: ['to'] })
  .refine((q) => daysBetween(q.from, q.to) < 3650, { message: 'Período longo demais (até 10 anos).', path: ['to'] });

export type ReportQuery = z.output<typeof reportQuerySchema>;

export interface Location {
  id: string;
  code: string;
  name: string;
}

/**
 * The device's own definitions (app/analytics) over a replica: `kpis` (computeKpis, with the
 * breakdown per store), `commissions`, `margins` (by variant, product or category), `rfm`
 * (as of `to`, over the window [from, to]: `to − from + 1` days, with the segment counts).
 */
export function computeReport(db: Db, kind: ReportKind, query: ReportQuery): unknown {
  if (kind === 'kpis') return computeKpis(db, query.from, query.to);
  if (kind === 'commissions') return computeCommissions(db, query.from, query.to);
  if (kind === 'margins') return computeMargins(db, query.from, query.to, query.by ?? 'variant');
  const windowDays = daysBetween(query.from, query.to) + 1;
  const rows = computeRfm(db, query.to, windowDays);
  const total = (db.statement('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  return { as_of: query.to, window_days: windowDays, rows, counts: segmentCounts(rows, total) };
}

/** A store of the tenant by id or code (RLS and the tenant filter: another tenant's is unknown). */
export async function findLocation(db: Kysely<CentralDb>, tenantId: string, ref: string): Promise<Location> {
  const { rows } = await sql<Location>`
    SELECT id, code, name FROM stores WHERE tenant_id = ${tenantId} AND (id = ${ref} OR code = ${ref})
    ORDER BY (id = ${ref}) DESC, id LIMIT 1`.execute(db);
  const found = rows[0];
  if (!found) throw new SyncError(404, 'unknown_location', 'Loja não encontrada nesta conta.');
  return found;
}

function invalidQuery(error: z.ZodError): SyncError {
  const first = error.issues[0];
  const where = first?.path.map(String).join('.') || 'query';
  return new SyncError(400, 'invalid_request', `${where}: ${first?.message ?? 'parâmetro inválido'}`);
}

/**
 * `GET /v1/reports/{kpis|commissions|margins|rfm}?from=&to=&location=`: the tenant's
 * consolidated reports (issue 14). The tenant comes from the credential — a device token or an
 * API key — never from the request; `location` (a store id or code of that tenant) narrows to
 * one store's sales, without it every store counts (KPIs list each store in `by_location`).
 * The answer is what one desktop holding all those rows computes: the device's analytics run
 * on a replica of the tenant read from central (`replica/replica.ts`), reused until the
 * tenant's `sync_log` moves.
 */
export function registerReportRoutes(
  app: FastifyInstance,
  db: Kysely<CentralDb>,
  catalog: Catalog,
  cache: ReplicaCache,
): void {
  app.get<{ Params: { kind: string }; Querystring: Record<string, string> }>(
    '/v1/reports/:kind',
    async (request, reply) => {
      const tenantId = await authenticateTenant(db, request.headers.authorization);
      const kind = request.params.kind;
      if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
        throw new SyncError(404, 'unknown_report', 'Relatório desconhecido: use kpis, commissions, margins ou rfm.');
      }
      const parsed = reportQuerySchema.safeParse(request.query);
      if (!parsed.success) throw invalidQuery(parsed.error);
      const query = parsed.data;
      const location = query.location ? await findLocation(db, tenantId, query.location) : null;
      const key = `reports|${tenantId}|${location?.id ?? '*'}`;
      const result = await cache.exclusive(key, async () => {
        const replica = await cache.get(
          db,
          tenantId,
          key,
          () => buildReplica(db, catalog, tenantId, { storeId: location?.id, tables: ANALYTICS_TABLES }),
          // All stores: the log since the replica's position is replayed; one store's is rebuilt.
          location ? undefined : (stale) => replayLog(db, catalog, tenantId, stale, ANALYTICS_SET),
        );
        return { data_seq: replica.lastSeq, report: computeReport(replica.db, kind as ReportKind, query) };
      });
      request.log.info({ tenant_id: tenantId, report: kind, location: location?.id ?? null }, 'report served');
      return reply.header('cache-control', 'no-store').send({
        report: kind,
        from: query.from,
        to: query.to,
        location,
        data_seq: result.data_seq,
        result: result.report,
      });
    },
  );
}
