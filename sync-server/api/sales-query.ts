import { z } from 'zod';
import { newSession, type Context } from '../../app/contract/context';
import { AppError } from '../../app/contract/errors';
import type { Db } from '../../app/db/db';
import { computeRfm } from '../../app/analytics/rfm';
import { localDate } from '../../app/analytics/tz';
import { querySales, saleQuerySchema } from '../../app/sales/sale.query';
import { DEVICE_STORE_KEY } from '../../app/settings/device.settings';
import { putSetting } from '../../app/settings/settings.queries';
import { SyncError } from '../errors';

const id = z.string().min(1).max(100, { message: 'Até 100 caracteres.' });
const day = z.iso.date({ message: 'Data inválida (use AAAA-MM-DD).' }).max(10);
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'Use true ou false.' })
  .transform((v) => v === 'true' || v === '1');

/** `GET /api/v1/sales` query parameters (seed 000's names), every one bounded. */
export const salesQuerySchema = z.object({
  external_id: id.optional(),
  customer_external_id: id.optional(),
  /** The salesperson's external id (or internal id). */
  salesperson_id: id.optional(),
  location_external_id: id.optional(),
  date_from: day.optional(),
  date_to: day.optional(),
  include_analytics: flag.optional(),
  limit: z.coerce.number().int().min(1).max(500, { message: 'No máximo 500 vendas por página.' }).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});

export type SalesApiQuery = z.output<typeof salesQuerySchema>;

/**
 * The tenant's sales matching the query, newest first, on the replica: the device's own
 * `querySales` (lines, payments, totals), plus each sale's fiscal documents and, with
 * `include_analytics`, its margin and commission and the customer's RFM segment today.
 * Money stays in centavos here (the route answers in reais).
 */
export function querySalesForApi(db: Db, homeStoreId: string, q: SalesApiQuery) {
  putSetting(db, DEVICE_STORE_KEY, homeStoreId, new Date().toISOString());
  const ctx: Context = { db, session: newSession(true), clock: { now: () => new Date() } };
  const salesperson = q.salesperson_id
    ? ((db
        .statement('SELECT id FROM salespeople WHERE external_id = ? OR id = ? LIMIT 1')
        .pluck()
        .get(q.salesperson_id, q.salesperson_id) as string | undefined) ?? '\u0000none')
    : undefined;
  const filters = saleQuerySchema.parse({
    external_id: q.external_id,
    customer: q.customer_external_id,
    salesperson_id: salesperson,
    location: q.location_external_id,
    from: q.date_from,
    to: q.date_to,
    limit: q.limit,
    offset: q.offset,
  });
  let found;
  try {
    found = querySales(ctx, filters);
  } catch (error) {
    if (error instanceof AppError) throw new SyncError(404, error.code, error.userMessage);
    throw error;
  }
  const fiscal = db.statement(
    `SELECT id, doc_type, fiscal_number, serie, cfop, nfe_key, issued_at, icms_cents, pis_cents, cofins_cents,
       total_tax_cents FROM fiscal_documents WHERE sale_id = ? ORDER BY issued_at`,
  );
  const segments = q.include_analytics ? segmentByCustomer(db) : null;
  const sales = found.sales.map((sale) => {
    const base = { ...sale, fiscal_documents: fiscal.all(sale.id) };
    if (!segments) return base;
    const margin = sale.items.reduce((sum, i) => sum + i.margin_cents, 0);
    const commission = sale.items.reduce((sum, i) => sum + i.commission_cents, 0);
    return {
      ...base,
      analytics: {
        margin_cents: margin,
        commission_cents: commission,
        customer_segment: sale.customer_external_id ? (segments.get(sale.customer_external_id) ?? 'sem_compras') : null,
      },
    };
  });
  return { sales, totals: found.totals, limit: q.limit, offset: q.offset };
}

/** Each customer's RFM segment as of today (365-day window), by external id. */
function segmentByCustomer(db: Db): Map<string, string> {
  const today = localDate(new Date().toISOString(), 'America/Sao_Paulo');
  const rows = computeRfm(db, today);
  const external = new Map(
    (db.statement('SELECT id, external_id FROM customers').all() as { id: string; external_id: string | null }[]).map(
      (c) => [c.id, c.external_id],
    ),
  );
  const out = new Map<string, string>();
  for (const row of rows) {
    const ext = external.get(row.customer_id);
    if (ext) out.set(ext, row.segment);
  }
  return out;
}
