import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog } from '../../test/sales-fixtures';

const PRICES = { P10: 1000, P47: 4700 } as const;
type Sku = keyof typeof PRICES;
type Method = 'pix' | 'dinheiro' | 'credito_loja';

interface ModelSale {
  id: string;
  method: Method;
  total: number;
  left: Record<Sku, number>;
  returned: boolean;
  cancelled: boolean;
}

const cmd = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      method: fc.constantFrom<Method>('pix', 'dinheiro', 'credito_loja'),
      p10: fc.integer({ min: 0, max: 3 }),
      p47: fc.integer({ min: 0, max: 2 }),
    }),
  },
  fc.record({ kind: fc.constant('redeemSale' as const), share: fc.integer({ min: 1, max: 100 }) }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      sale: fc.nat(),
      sku: fc.constantFrom<Sku>('P10', 'P47'),
      qty: fc.integer({ min: 1, max: 3 }),
      method: fc.constantFrom('dinheiro', 'original', 'credito_loja'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), sale: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      sale: fc.nat(),
      points: fc.integer({ min: 1, max: 3000 }),
    }),
  },
);

async function store() {
  const { app, session } = await openStoreWithCatalog();
  for (const [sku, price] of Object.entries(PRICES)) {
    applyOk(app, session, 'upsert_product', {
      external_id: sku,
      name: sku,
      category: 'Roupas',
      kind: 'goods',
      unit_price: price,
      unit_cost: 100,
    });
  }
  const customerId = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").pluck().get() as string;
  expectOk(app.dispatch('cash.open', { opening_float_cents: 50000 }, session));
  // Every history starts with R$ 94,00 of store credit: a PIX sale returned to credit.
  const items = [{ variant_external_id: 'P47', qty: 2 }];
  expectOk(
    app.dispatch(
      'sales.register',
      { external_id: 'V-0', customer_id: customerId, items, payments: [{ method: 'pix', amount: 9400 }] },
      session,
    ),
  );
  const back = {
    reference_external_id: 'V-0',
    items,
    reason: 'troca',
    condition: 'revenda',
    refund_method: 'credito_loja',
  };
  expectOk(app.dispatch('sales.return', back, session));
  return { app, session, customerId };
}

/** The balances as the application reports them, and as the sums of their movements. */
function observe(app: Balcao, session: Session, customerId: string) {
  const c = expectOk(app.dispatch('customers.get', { customer_id: customerId }, session));
  const points = app.db.raw
    .prepare('SELECT coalesce(sum(points), 0) FROM loyalty_movements WHERE customer_id = ?')
    .pluck()
    .get(customerId) as number;
  const drawer = expectOk(app.dispatch('cash.summary', {}, session)).expected_cash_cents;
  return { credit: c.store_credit_cents, points: c.loyalty_points, pointsFromMovements: points, drawer };
}

/** Per sale: points earned, taken back (counting those already spent), redeemed, restored. */
function saleLoyalty(app: Balcao, saleId: string) {
  return app.db.raw
    .prepare(
      `SELECT coalesce(sum(CASE WHEN kind = 'earn' THEN points END), 0) AS earned,
         coalesce(sum(CASE WHEN kind = 'reversal' AND points <= 0 THEN unreversed_points - points END), 0) AS taken,
         coalesce(sum(CASE WHEN kind = 'redeem' THEN -points END), 0) AS redeemed,
         coalesce(sum(CASE WHEN kind = 'reversal' AND points > 0 THEN points END), 0) AS restored
       FROM loyalty_movements lm JOIN sales s ON s.id = lm.sale_id WHERE s.external_id = ?`,
    )
    .get(saleId) as { earned: number; taken: number; redeemed: number; restored: number };
}

describe('balances over random histories of sales, returns and cancellations (issue 8 item 2)', () => {
  it('store credit, points and the drawer equal the sums of their movements and never go below zero', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 12 }), async (cmds) => {
        const { app, session, customerId } = await store();
        const sales: ModelSale[] = [];
        let credit = 9400;
        let drawer = 50000;
        let n = 0;
        const refundedOf = (id: string) =>
          expectOk(app.dispatch('sales.get', { external_id: id }, session)).refunded_cents;
        for (const c of cmds) {
          n++;
          if (c.kind === 'sale') {
            const items = (['P10', 'P47'] as const)
              .map((sku) => ({ variant_external_id: sku, qty: sku === 'P10' ? c.p10 : c.p47 }))
              .filter((i) => i.qty > 0);
            const total = items.reduce((a, i) => a + PRICES[i.variant_external_id] * i.qty, 0);
            if (total === 0 || (c.method === 'credito_loja' && credit < total)) continue;
            const id = `V-${n}`;
            expectOk(
              app.dispatch(
                'sales.register',
                { external_id: id, customer_id: customerId, items, payments: [{ method: c.method, amount: total }] },
                session,
              ),
            );
            if (c.method === 'credito_loja') credit -= total;
            if (c.method === 'dinheiro') drawer += total;
            sales.push({
              id,
              method: c.method,
              total,
              left: { P10: c.p10, P47: c.p47 },
              returned: false,
              cancelled: false,
            });
          } else if (c.kind === 'redeemSale') {
            // Spends a share of the points the customer has (a sale of R$ 47,00 takes up to 4,699).
            const balance = observe(app, session, customerId).points;
            const points = Math.min(4699, Math.ceil((balance * c.share) / 100));
            if (points === 0) continue;
            const id = `R-${n}`;
            applyOk(app, session, 'register_sale', {
              external_id: id,
              customer_external_id: 'C01',
              items: [{ variant_external_id: 'P47', qty: 1 }],
              payments: [],
            });
            applyOk(app, session, 'process_loyalty_points', {
              customer_external_id: 'C01',
              operation: 'redeem',
              points,
              reference_external_id: id,
            });
            const total = 4700 - points;
            applyOk(app, session, 'register_payment', { reference_external_id: id, method: 'pix', amount: total });
            sales.push({ id, method: 'pix', total, left: { P10: 0, P47: 1 }, returned: false, cancelled: false });
          } else if (c.kind === 'return') {
            const sale = sales.length ? sales[c.sale % sales.length] : undefined;
            if (!sale || sale.cancelled || sale.left[c.sku] < c.qty) continue;
            const before = refundedOf(sale.id);
            expectOk(
              app.dispatch(
                'sales.return',
                {
                  reference_external_id: sale.id,
                  items: [{ variant_external_id: c.sku, qty: c.qty }],
                  reason: 'troca',
                  condition: 'revenda',
                  refund_method: c.method,
                },
                session,
              ),
            );
            const refund = refundedOf(sale.id) - before;
            sale.left[c.sku] -= c.qty;
            sale.returned = true;
            const to = c.method === 'original' ? sale.method : c.method;
            if (to === 'credito_loja') credit += refund;
            if (to === 'dinheiro') drawer -= refund;
          } else if (c.kind === 'cancel') {
            const sale = sales.length ? sales[c.sale % sales.length] : undefined;
            if (!sale) continue;
            const result = app.dispatch(
              'sales.cancel',
              { reference_external_id: sale.id, reason: 'desistiu' },
              session,
            );
            if (sale.cancelled || sale.returned) {
              expect(result).toMatchObject({ ok: false });
              continue;
            }
            expectOk(result);
            sale.cancelled = true;
            if (sale.method === 'credito_loja') credit += sale.total;
            if (sale.method === 'dinheiro') drawer -= sale.total;
          } else {
            const sale = sales.length ? sales[c.sale % sales.length] : undefined;
            if (!sale || sale.cancelled || sale.left.P10 + sale.left.P47 === 0) continue;
            applyOk(app, session, 'process_loyalty_points', {
              customer_external_id: 'C01',
              operation: 'earn',
              points: c.points,
              reference_external_id: sale.id,
            });
          }
          const seen = observe(app, session, customerId);
          expect(seen.credit).toBe(credit);
          expect(seen.credit).toBeGreaterThanOrEqual(0);
          expect(seen.points).toBe(seen.pointsFromMovements);
          expect(seen.points).toBeGreaterThanOrEqual(0);
          expect(seen.drawer).toBe(drawer);
        }
        for (const sale of sales) {
          const l = saleLoyalty(app, sale.id);
          if (sale.cancelled || sale.left.P10 + sale.left.P47 === 0) {
            expect({ taken: l.taken, restored: l.restored }).toEqual({ taken: l.earned, restored: l.redeemed });
          } else {
            expect(l.taken).toBeLessThanOrEqual(l.earned);
            expect(l.restored).toBeLessThanOrEqual(l.redeemed);
          }
        }
        app.close();
      }),
      {
        numRuns: 20,
        // Points earned, then spent, then the sale cancelled: the reversal must stop at zero.
        examples: [
          [
            [
              { kind: 'sale', method: 'pix', p10: 1, p47: 0 },
              { kind: 'earn', sale: 0, points: 1000 },
              { kind: 'redeemSale', share: 100 },
              { kind: 'cancel', sale: 0 },
            ],
          ],
        ],
      },
    );
  }, 120_000);
});
