import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

const saleByExternalId = defineQuery((q) => q.selectFrom('sales').selectAll().where('external_id', '=', P[0]));

export function findSaleByExternalId(db: Db, externalId: string) {
  return saleByExternalId.first(db, externalId);
}

export function findSaleById(db: Db, id: string) {
  return db.first(db.q.selectFrom('sales').selectAll().where('id', '=', id));
}

export function saleItems(db: Db, saleId: string) {
  return db.all(
    db.q
      .selectFrom('sale_items as i')
      .innerJoin('variants as v', 'v.id', 'i.variant_id')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .selectAll('i')
      .select(['v.external_id as sku', 'p.name', 'p.kind', 'v.size', 'v.color'])
      .where('i.sale_id', '=', saleId)
      .orderBy('i.line_no'),
  );
}

export function salePayments(db: Db, saleId: string) {
  return db.all(
    db.q.selectFrom('payments').selectAll().where('sale_id', '=', saleId).orderBy('created_at').orderBy('id'),
  );
}

export function saleState(db: Db, saleId: string) {
  return db.first(db.q.selectFrom('sale_state').selectAll().where('sale_id', '=', saleId));
}

/** Per line: what was already returned, refunded and reversed. */
export function lineAdjustments(db: Db, saleId: string) {
  const returned = db.all(
    db.q
      .selectFrom('return_items as r')
      .innerJoin('sale_items as i', 'i.id', 'r.sale_item_id')
      .select((eb) => [
        'r.sale_item_id',
        eb.fn.sum<number>('r.qty_milli').as('qty_milli'),
        eb.fn.sum<number>('r.refund_cents').as('refund_cents'),
        eb.fn.sum<number>('r.commission_reversal_cents').as('commission_cents'),
        eb.fn.sum<number>('r.margin_reversal_cents').as('margin_cents'),
      ])
      .where('i.sale_id', '=', saleId)
      .groupBy('r.sale_item_id'),
  );
  return { returned };
}

/**
 * Store credit of a customer (centavos): credit given by returns (`store_credit_cents`, whatever
 * the refund method) and given back by cancellations, minus store credit spent on sales.
 */
export function storeCreditBalance(db: Db, customerId: string): number {
  const row = db
    .statement(
      `SELECT
        coalesce((SELECT sum(r.store_credit_cents) FROM returns r JOIN sales s ON s.id = r.sale_id
                  WHERE s.customer_id = ?), 0)
      + coalesce((SELECT sum(c.store_credit_cents) FROM cancellations c JOIN sales s ON s.id = c.sale_id
                  WHERE s.customer_id = ?), 0)
      - coalesce((SELECT sum(p.amount_cents) FROM payments p JOIN sales s ON s.id = p.sale_id
                  WHERE s.customer_id = ? AND p.method = 'credito_loja'), 0) AS balance`,
    )
    .get(customerId, customerId, customerId) as { balance: number };
  return row.balance;
}

export function nextSaleSeq(db: Db, storeId: string, registerId: string | null): number {
  const row = db
    .statement('SELECT coalesce(max(seq), 0) + 1 AS next FROM sales WHERE store_id = ? AND register_id IS ?')
    .get(storeId, registerId) as { next: number };
  return row.next;
}

export interface LineDiscount {
  amount: number;
  commission: number;
}

/** Discounts applied after the sale (apply_discount, points), summed per sale line. */
export function discountsByLine(db: Db, saleId: string): Map<string, LineDiscount> {
  const byLine = new Map<string, LineDiscount>();
  for (const d of db.all(db.q.selectFrom('sale_discounts').select('allocations').where('sale_id', '=', saleId))) {
    for (const a of JSON.parse(d.allocations) as {
      sale_item_id: string;
      amount_cents: number;
      commission_cents: number;
    }[]) {
      const prev = byLine.get(a.sale_item_id) ?? { amount: 0, commission: 0 };
      byLine.set(a.sale_item_id, {
        amount: prev.amount + a.amount_cents,
        commission: prev.commission + a.commission_cents,
      });
    }
  }
  return byLine;
}
