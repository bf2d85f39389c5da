import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openBalcao, type Balcao } from '../app/balcao';
import { newSession, type Session } from '../app/contract/context';
import { lineAmount } from '../app/money/money';
import { copyDeviceTemplate } from './device-template';
import { deviceTemplate } from './helpers';

/** `unit`: thousandths per unit a quantity moves in (1000 for pieces, 1 for goods sold by weight). */
const CATALOG = [
  { sku: 'CAMISA', kind: 'goods', price: 7990, unit: 1000 },
  { sku: 'MEIA', kind: 'goods', price: 1990, unit: 1000 },
  { sku: 'QUEIJO-KG', kind: 'goods', price: 5990, unit: 1, weight: true },
  // Cheap by weight: a few grams round to a line of 0 or 1 centavo.
  { sku: 'ARROZ-KG', kind: 'goods', price: 250, unit: 1, weight: true },
  { sku: 'AJUSTE', kind: 'service', price: 3000, unit: 1000 },
] as const;
type Variant = (typeof CATALOG)[number];

const variant = (i: number): Variant => CATALOG[i % CATALOG.length] ?? CATALOG[0];

const saleCmd = fc.record({
  type: fc.constant('sale' as const),
  lines: fc.uniqueArray(
    fc.record({
      variant: fc.nat(CATALOG.length - 1),
      qty: fc.oneof(fc.nat(9), fc.nat()),
      discountPct: fc.integer({ min: 0, max: 60 }),
    }),
    { minLength: 1, maxLength: 4, selector: (l) => l.variant },
  ),
  orderDiscountPct: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  paid: fc.boolean(),
});
const returnCmd = fc.record({
  type: fc.constant('return' as const),
  sale: fc.nat(),
  picks: fc.array(fc.record({ line: fc.nat(), qty: fc.oneof(fc.nat(3), fc.nat()) }), { minLength: 1, maxLength: 3 }),
  condition: fc.constantFrom('revenda' as const, 'avariado' as const),
});
const cancelCmd = fc.record({ type: fc.constant('cancel' as const), sale: fc.nat() });
const scenario = fc.record({
  received: fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: CATALOG.length, maxLength: CATALOG.length }),
  commands: fc.array(fc.oneof({ arbitrary: saleCmd, weight: 3 }, returnCmd, cancelCmd), { maxLength: 25 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface ModelLine {
  sku: string;
  goods: boolean;
  unit: number;
  sold: number;
  returned: number;
}
interface ModelSale {
  externalId: string;
  paid: boolean;
  cancelled: boolean;
  returns: number;
  lines: ModelLine[];
}

/** What the ledger must say, kept beside the database while the commands run. */
class Model {
  readonly stock = new Map<string, number>(CATALOG.map((v) => [v.sku, 0]));
  readonly sales: ModelSale[] = [];
  move(sku: string, qtyMilli: number) {
    this.stock.set(sku, (this.stock.get(sku) ?? 0) + qtyMilli);
  }
}

async function withStore<T>(run: (app: Balcao, session: Session) => T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'balcao-ledger-'));
  // A copy of the migrated template (test/device-template.ts): 25 runs, one migration.
  copyDeviceTemplate(await deviceTemplate(), join(dir, 'balcao.sqlite3'));
  const app = await openBalcao(join(dir, 'balcao.sqlite3'));
  try {
    const setup = app.dispatch(
      'store.setup',
      { store: { name: 'Loja Centro', code: 'LJ01' }, owner: { name: 'Ana Dona', login: 'ana', pin: '1234' } },
      newSession(),
    );
    if (!setup.ok) throw new Error(setup.error.message);
    return run(app, newSession(true));
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function act(app: Balcao, session: Session, action: string, data: Record<string, unknown>) {
  const result = app.dispatch('sales.apply', { action, transaction_data: data }, session);
  return result.ok ? 'ok' : result.error.code;
}

function saleTotal(app: Balcao, externalId: string): number {
  return app.db.raw.prepare('SELECT total_cents FROM sales WHERE external_id = ?').pluck().get(externalId) as number;
}

function runScenario(app: Balcao, session: Session, s: Scenario): Model {
  const model = new Model();
  for (const v of CATALOG) {
    const result = act(app, session, 'upsert_product', {
      external_id: v.sku,
      name: v.sku,
      category: 'Geral',
      kind: v.kind,
      unit_price: v.price,
      unit_cost: Math.floor(v.price / 3),
      sold_by_weight: 'weight' in v,
    });
    expect(result).toBe('ok');
  }
  s.received.forEach((qty, i) => {
    const v = variant(i);
    if (v.kind !== 'goods' || qty === 0) return;
    const milli = v.unit === 1 ? qty : (qty % 20) * 1000 + 1000;
    const received = app.dispatch('stock.receive', { sku: v.sku, qty: milli / 1000 }, session);
    expect(received.ok).toBe(true);
    model.move(v.sku, milli);
  });

  for (const cmd of s.commands) {
    if (cmd.type === 'sale') {
      const externalId = `S-${model.sales.length + 1}`;
      const lines = cmd.lines.map((l) => {
        const v = variant(l.variant);
        const qtyMilli = v.unit === 1 ? 1 + (l.qty % 5000) : 1000 * (1 + (l.qty % 5));
        return { v, qtyMilli, discount: Math.floor((lineAmount(qtyMilli, v.price) * l.discountPct) / 100) };
      });
      const result = act(app, session, 'register_sale', {
        external_id: externalId,
        occurred_at: '2026-11-20T10:00:00-03:00',
        items: lines.map((l) => ({
          variant_external_id: l.v.sku,
          qty: l.qtyMilli / 1000,
          discount_amount: l.discount,
        })),
        discount_percentage: cmd.orderDiscountPct,
        // Cash over the total: the sale is paid in full and the rest is change.
        payments: cmd.paid ? [{ method: 'dinheiro', amount: 100_000_000 }] : [],
      });
      expect(result).toBe('ok');
      for (const l of lines) if (l.v.kind === 'goods') model.move(l.v.sku, -l.qtyMilli);
      model.sales.push({
        externalId,
        // A few grams of rice can cost 0 centavos: a sale of nothing to pay is paid.
        paid: cmd.paid || saleTotal(app, externalId) === 0,
        cancelled: false,
        returns: 0,
        lines: lines.map((l) => ({
          sku: l.v.sku,
          goods: l.v.kind === 'goods',
          unit: l.v.unit,
          sold: l.qtyMilli,
          returned: 0,
        })),
      });
    } else if (cmd.type === 'return') {
      const sale = model.sales[cmd.sale % Math.max(1, model.sales.length)];
      if (!sale) continue;
      const take = new Map<ModelLine, number>();
      for (const pick of cmd.picks) {
        const line = sale.lines[pick.line % sale.lines.length];
        if (!line) continue;
        const units = (line.sold - line.returned - (take.get(line) ?? 0)) / line.unit;
        if (units >= 1) take.set(line, (take.get(line) ?? 0) + line.unit * (1 + (pick.qty % units)));
      }
      // Every picked line already went back in full: asking for one more unit must be refused.
      const exceeds = take.size === 0;
      const spent = sale.lines[(cmd.picks[0]?.line ?? 0) % sale.lines.length];
      if (exceeds && spent) take.set(spent, spent.unit);
      const result = act(app, session, 'register_return', {
        reference_external_id: sale.externalId,
        items: [...take].map(([line, milli]) => ({ variant_external_id: line.sku, qty: milli / 1000 })),
        reason: 'Cliente desistiu',
        condition: cmd.condition,
        refund_method: 'original',
      });
      const expected = sale.cancelled
        ? 'sale_cancelled'
        : !sale.paid
          ? 'sale_not_paid'
          : exceeds
            ? 'return_exceeds_sold'
            : 'ok';
      expect(result, `return on ${sale.externalId}`).toBe(expected);
      if (result !== 'ok') continue;
      sale.returns++;
      for (const [line, milli] of take) {
        line.returned += milli;
        if (line.goods && cmd.condition === 'revenda') model.move(line.sku, milli);
      }
    } else {
      const sale = model.sales[cmd.sale % Math.max(1, model.sales.length)];
      if (!sale) continue;
      const result = act(app, session, 'register_cancellation', {
        reference_external_id: sale.externalId,
        reason: 'Venda lançada errada',
      });
      const expected = sale.cancelled ? 'already_cancelled' : sale.returns > 0 ? 'has_returns' : 'ok';
      expect(result, `cancellation of ${sale.externalId}`).toBe(expected);
      if (result !== 'ok') continue;
      sale.cancelled = true;
      for (const line of sale.lines) if (line.goods) model.move(line.sku, line.sold);
    }
  }
  return model;
}

function expectLedger(app: Balcao, model: Model) {
  const rows = app.db.raw
    .prepare(
      `SELECT v.external_id AS sku,
        (SELECT qty_milli FROM stock_levels l WHERE l.variant_id = v.id) AS level,
        (SELECT sum(qty_milli) FROM stock_movements m WHERE m.variant_id = v.id) AS ledger
      FROM variants v ORDER BY v.external_id`,
    )
    .all() as { sku: string; level: number | null; ledger: number | null }[];
  const expected = Object.fromEntries(CATALOG.map((v) => [v.sku, model.stock.get(v.sku) ?? 0]));
  expect(Object.fromEntries(rows.map((r) => [r.sku, r.level ?? 0]))).toEqual(expected);
  expect(Object.fromEntries(rows.map((r) => [r.sku, r.ledger ?? 0]))).toEqual(expected);
  // A service never has stock: no movement, no level.
  expect(rows.find((r) => r.sku === 'AJUSTE')).toEqual({ sku: 'AJUSTE', level: null, ledger: null });

  const sales = app.db.raw
    .prepare(
      `SELECT s.external_id, s.total_cents AS total,
        (SELECT sum(net_cents) FROM sale_items WHERE sale_id = s.id) AS net,
        st.refunded_cents AS refunded,
        (SELECT coalesce(sum(refund_cents), 0) FROM returns WHERE sale_id = s.id) AS returns
      FROM sales s JOIN sale_state st ON st.sale_id = s.id`,
    )
    .all() as { external_id: string; total: number; net: number; refunded: number; returns: number }[];
  expect(sales).toHaveLength(model.sales.length);
  expect(sales.filter((s) => s.net !== s.total || s.refunded !== s.returns)).toEqual([]);
  // A line returned in full has refunded exactly its net, whatever the rounding of each return.
  const fullyReturned = app.db.raw
    .prepare(
      `SELECT i.id, i.net_cents AS net, sum(r.refund_cents) AS refunded
      FROM sale_items i JOIN return_items r ON r.sale_item_id = i.id
      GROUP BY i.id HAVING sum(r.qty_milli) = i.qty_milli`,
    )
    .all() as { id: string; net: number; refunded: number }[];
  expect(fullyReturned.filter((l) => l.net !== l.refunded)).toEqual([]);
}

describe('stock ledger (property)', () => {
  it('stock level = Σ movements = received − sold + returned for resale + cancelled, after any history', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) =>
        withStore((app, session) => {
          const model = runScenario(app, session, s);
          expectLedger(app, model);
        }),
      ),
      {
        numRuns: 25,
        examples: [
          // 6 g of rice (2 centavos), 1 g returned: the refund rounds to 0, yet the gram went back.
          [
            {
              received: [0, 0, 0, 0, 0],
              commands: [
                {
                  type: 'sale',
                  lines: [{ variant: 3, qty: 5, discountPct: 0 }],
                  orderDiscountPct: undefined,
                  paid: true,
                },
                { type: 'return', sale: 0, picks: [{ line: 0, qty: 0 }], condition: 'revenda' },
                { type: 'cancel', sale: 0 },
              ],
            },
          ],
        ],
      },
    );
  }, 120_000);
});
