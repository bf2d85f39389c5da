import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Context } from '../contract/context';
import type { Db } from '../db/db';
import type { PaymentMethod } from '../db/schema';
import { PAYMENT_METHODS } from './sale.schemas';
import { resolveStore } from './sale.refs';
import { BOUNDS, boundedInt, line } from '../contract/schemas';

const dateOrDateTime = z.union([z.iso.date().max(10), z.iso.datetime({ offset: true }).max(40)]);
/** A filter by id or code: '' means no filter. */
const idFilter = line(BOUNDS.idChars).optional();

export const saleQuerySchema = z.object({
  external_id: idFilter,
  /** Customer and salesperson by external id, or by internal id (a quick-created customer has no external id). */
  customer: idFilter,
  customer_id: idFilter,
  salesperson: idFilter,
  salesperson_id: idFilter,
  location: idFilter,
  status: line(30).optional(),
  payment_method: z.enum(PAYMENT_METHODS).optional(),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  limit: z.number().int().min(1).max(10_000).default(50),
  offset: boundedInt(0, BOUNDS.maxCount).default(0),
  with_lines: z.boolean().default(true),
  /** A list screen asks for the totals once per filter, not with every page it scrolls to. */
  with_totals: z.boolean().default(true),
});

export type SaleQuery = z.output<typeof saleQuerySchema>;

/** A day given as YYYY-MM-DD is the store's business day, cut in the store's time zone. */
function bound(value: string, timezone: string, end: boolean): string {
  if (value.length > 10) return new Date(value).toISOString();
  const [y, m, d] = value.split('-').map(Number);
  const start = new TZDate(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + (end ? 1 : 0), timezone);
  return new Date(start.getTime()).toISOString();
}

/**
 * The filters as conditions on `sales as s` alone, so the page of ids can be found on the
 * (occurred_at, id) index without joining anything for the rows an offset skips. The status is
 * an EXISTS here and a join in the totals (see statusOnJoin).
 */
function saleFilters(db: Db, f: SaleQuery, storeId: string | null, timezone: string): Expression<SqlBool> {
  const eb = expressionBuilder(db.q.selectFrom('sales as s'));
  const conditions: Expression<SqlBool>[] = [];
  if (f.external_id) conditions.push(eb('s.external_id', '=', f.external_id));
  if (f.customer_id) conditions.push(eb('s.customer_id', '=', f.customer_id));
  if (f.customer) {
    const byCode = eb.selectFrom('customers').select('id').where('external_id', '=', f.customer);
    conditions.push(eb('s.customer_id', '=', byCode));
  }
  if (f.salesperson_id) conditions.push(eb('s.salesperson_id', '=', f.salesperson_id));
  if (f.salesperson) {
    const byCode = eb.selectFrom('salespeople').select('id').where('external_id', '=', f.salesperson);
    conditions.push(eb('s.salesperson_id', '=', byCode));
  }
  if (storeId) conditions.push(eb('s.store_id', '=', storeId));
  if (f.payment_method) {
    const method = f.payment_method;
    conditions.push(
      eb.exists(
        eb
          .selectFrom('payments as pm')
          .select('pm.id')
          .whereRef('pm.sale_id', '=', 's.id')
          .where('pm.method', '=', method),
      ),
    );
  }
  if (f.from) conditions.push(eb('s.occurred_at', '>=', bound(f.from, timezone, false)));
  if (f.to) conditions.push(eb('s.occurred_at', '<', bound(f.to, timezone, true)));
  return eb.and(conditions);
}

function statusExists(db: Db, status: string): Expression<SqlBool> {
  const eb = expressionBuilder(db.q.selectFrom('sales as s'));
  return eb.exists(
    eb
      .selectFrom('sale_state as x')
      .select('x.sale_id')
      .whereRef('x.sale_id', '=', 's.id')
      .where('x.status', '=', status as never),
  );
}

/**
 * The unary + keeps SQLite from driving the totals from the status index: without statistics
 * it would, and then read every sale ever made in that status to sum one day's.
 */
function statusOnJoin(status: string): Expression<SqlBool> {
  return sql<SqlBool>`+${sql.ref('st.status')} = ${status}`;
}

function methodsOf(list: string | null): PaymentMethod[] {
  if (!list) return [];
  const present = new Set(list.split(','));
  return PAYMENT_METHODS.filter((m) => present.has(m));
}

export function querySales(ctx: Context, f: SaleQuery) {
  const { db } = ctx;
  const store = resolveStore(ctx, f.location);
  const where = saleFilters(db, f, f.location ? store.id : null, store.timezone);
  const totals = f.with_totals
    ? (db.first(
        db.q
          .selectFrom('sales as s')
          .innerJoin('sale_state as st', 'st.sale_id', 's.id')
          .where(where)
          .$if(f.status !== undefined, (q) => q.where(statusOnJoin(f.status ?? '')))
          .select((eb) => [
            eb.fn.countAll<number>().as('count'),
            // A cancelled sale is counted, and shown apart: it is in neither Total nor Líquido,
            // so Total − Devolvido = Líquido always holds for the summary.
            sql<number>`coalesce(sum(CASE WHEN st.status = 'cancelada' THEN 0 ELSE st.total_cents END), 0)`.as(
              'total_cents',
            ),
            sql<number>`coalesce(sum(CASE WHEN st.status = 'cancelada' THEN 0 ELSE st.refunded_cents END), 0)`.as(
              'refunded_cents',
            ),
            sql<number>`coalesce(sum(CASE WHEN st.status = 'cancelada' THEN 0 ELSE st.total_cents - st.refunded_cents END), 0)`.as(
              'net_cents',
            ),
            sql<number>`coalesce(sum(st.status = 'cancelada'), 0)`.as('cancelled_count'),
            sql<number>`coalesce(sum(CASE WHEN st.status = 'cancelada' THEN st.total_cents ELSE 0 END), 0)`.as(
              'cancelled_cents',
            ),
          ]),
      ) ?? null)
    : null;
  const pageIds = db.q
    .selectFrom('sales as s')
    .select('s.id')
    .where(where)
    .$if(f.status !== undefined, (q) => q.where(statusExists(db, f.status ?? '')))
    .orderBy('s.occurred_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  const rows = db.all(
    db.q
      .selectFrom('sales as s')
      .innerJoin('sale_state as st', 'st.sale_id', 's.id')
      .innerJoin('stores as l', 'l.id', 's.store_id')
      .leftJoin('customers as c', 'c.id', 's.customer_id')
      .leftJoin('salespeople as p', 'p.id', 's.salesperson_id')
      .select([
        's.id',
        's.external_id',
        's.number',
        's.occurred_at',
        's.channel',
        'l.code as location',
        'c.external_id as customer_external_id',
        'c.name as customer_name',
        'p.external_id as salesperson_external_id',
        'p.name as salesperson_name',
        'st.status',
        's.subtotal_cents',
        's.line_discount_cents',
        's.order_discount_cents',
        'st.total_cents',
        'st.paid_cents',
        'st.change_cents',
        'st.refunded_cents',
        'st.net_cents',
        sql<string | null>`(SELECT group_concat(DISTINCT method) FROM payments WHERE sale_id = ${sql.ref('s.id')})`.as(
          'payment_methods',
        ),
      ])
      .where('s.id', 'in', pageIds)
      .orderBy('s.occurred_at', 'desc')
      .orderBy('s.id', 'desc'),
  );
  const sales = rows.map((r) => ({ ...r, payment_methods: methodsOf(r.payment_methods) }));
  if (!f.with_lines || sales.length === 0)
    return { sales: sales.map((s) => ({ ...s, items: [], payments: [] })), totals };
  const ids = sales.map((s) => s.id);
  const items = db.all(
    db.q
      .selectFrom('sale_items as i')
      .innerJoin('variants as v', 'v.id', 'i.variant_id')
      .innerJoin('products as pr', 'pr.id', 'v.product_id')
      .select([
        'i.sale_id',
        'i.line_no',
        'v.external_id as sku',
        'pr.name',
        'i.qty_milli',
        'i.unit_price_cents',
        'i.amount_cents',
        'i.line_discount_cents',
        'i.order_discount_cents',
        'i.net_cents',
        'i.commission_cents',
        'i.margin_cents',
      ])
      .where('i.sale_id', 'in', ids)
      .orderBy('i.line_no'),
  );
  const payments = db.all(
    db.q
      .selectFrom('payments')
      .select(['sale_id', 'method', 'amount_cents', 'tendered_cents', 'change_cents', 'installments', 'occurred_at'])
      .where('sale_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id'),
  );
  const itemsBySale = groupBy(items.map(({ qty_milli, ...i }) => ({ ...i, qty: qty_milli / 1000 })));
  const paymentsBySale = groupBy(payments);
  return {
    sales: sales.map((s) => ({ ...s, items: itemsBySale.get(s.id) ?? [], payments: paymentsBySale.get(s.id) ?? [] })),
    totals,
  };
}

function groupBy<T extends { sale_id: string }>(rows: T[]): Map<string, Omit<T, 'sale_id'>[]> {
  const map = new Map<string, Omit<T, 'sale_id'>[]>();
  for (const { sale_id, ...rest } of rows) {
    const list = map.get(sale_id) ?? [];
    list.push(rest);
    map.set(sale_id, list);
  }
  return map;
}
