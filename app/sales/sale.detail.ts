import type { Context } from '../contract/context';
import { findCustomerById } from '../customers/customer.queries';
import { findSalespersonById } from '../salespeople/salesperson.queries';
import { findRegister, findStore } from '../store/store.queries';
import { findSaleByExternalId, findSaleById, lineAdjustments, saleItems, salePayments } from './sale.queries';
import { saleResult } from './sale.result';
import { storePixPayload } from '../pix/pix.service';

/** Everything the sale's detail screen and the receipt show. */
export function saleDetail(ctx: Context, ref: { sale_id?: string | undefined; external_id?: string | undefined }) {
  const { db } = ctx;
  const sale = ref.sale_id
    ? findSaleById(db, ref.sale_id)
    : ref.external_id
      ? findSaleByExternalId(db, ref.external_id)
      : undefined;
  if (!sale) return null;
  const store = findStore(db, sale.store_id);
  const register = sale.register_id ? findRegister(db, sale.register_id) : undefined;
  const { returned } = lineAdjustments(db, sale.id);
  const payments = salePayments(db, sale.id);
  const pixCents = payments.filter((p) => p.method === 'pix').reduce((a, p) => a + p.amount_cents, 0);
  const returnedByItem = new Map(returned.map((r) => [r.sale_item_id, Number(r.qty_milli)]));
  return {
    ...saleResult(ctx, sale.id),
    occurred_at: sale.occurred_at,
    channel: sale.channel,
    notes: sale.notes,
    subtotal_cents: sale.subtotal_cents,
    line_discount_cents: sale.line_discount_cents,
    order_discount_cents: sale.order_discount_cents,
    store: store
      ? {
          code: store.code,
          name: store.name,
          cnpj: store.cnpj,
          address: store.address,
          timezone: store.timezone,
          pix_key: store.pix_key,
          receipt_width_mm: store.receipt_width_mm,
        }
      : null,
    register: register ? { code: register.code, name: register.name } : null,
    customer: sale.customer_id ? (findCustomerById(db, sale.customer_id) ?? null) : null,
    salesperson: sale.salesperson_id ? (findSalespersonById(db, sale.salesperson_id) ?? null) : null,
    items: saleItems(db, sale.id).map((i) => ({ ...i, returned_milli: returnedByItem.get(i.id) ?? 0 })),
    // Issue 17: the fee copied onto each payment and what the store nets from it.
    payments: payments.map((p) => ({ ...p, net_cents: p.declined ? 0 : p.amount_cents - p.fee_cents })),
    installments: db.all(
      db.q
        .selectFrom('crediario_installments')
        .select(['number', 'count', 'due_date', 'amount_cents', 'status', 'paid_at'])
        .where('sale_id', '=', sale.id)
        .orderBy('number'),
    ),
    chargebacks: db.all(
      db.q.selectFrom('chargebacks').selectAll().where('sale_id', '=', sale.id).orderBy('created_at').orderBy('id'),
    ),
    pix_payload: store ? storePixPayload(store, pixCents) : null,
    history: db.all(
      db.q
        .selectFrom('sale_status_history')
        .selectAll()
        .where('sale_id', '=', sale.id)
        .orderBy('created_at')
        .orderBy('id'),
    ),
    fiscal: db.all(db.q.selectFrom('fiscal_documents').selectAll().where('sale_id', '=', sale.id)),
    returns: db.all(
      db.q.selectFrom('returns').selectAll().where('sale_id', '=', sale.id).orderBy('created_at').orderBy('id'),
    ),
    cancellation: db.first(db.q.selectFrom('cancellations').selectAll().where('sale_id', '=', sale.id)) ?? null,
  };
}
