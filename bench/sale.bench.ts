import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { type Balcao } from '../app/balcao';
import { type Session } from '../app/contract/context';
import { measureInterleaved, ratioAtMost, openBenchStore } from './harness';
import { rawAuditWriter } from './raw-audit';

const SKUS = ['B-1', 'B-2', 'B-3', 'B-4', 'B-5'];

async function seeded(dir: string, name: string): Promise<{ app: Balcao; session: Session }> {
  const { app, session } = await openBenchStore(join(dir, name));
  const apply = (action: string, data: Record<string, unknown>) =>
    app.dispatch('sales.apply', { action, transaction_data: data }, session);
  apply('upsert_salesperson', { external_id: 'V1', name: 'Vera', location_external_id: 'LJ01', commission_rate: 3 });
  SKUS.forEach((sku, i) =>
    apply('upsert_product', {
      external_id: sku,
      name: `Produto ${i}`,
      category: 'Geral',
      kind: 'goods',
      unit_price: 1000 + i * 250,
      unit_cost: 400,
    }),
  );
  app.dispatch('cash.open', { opening_float_cents: 10000 }, session);
  return { app, session };
}

/**
 * A 5-item, 2-payment counter sale through the contract, against a raw better-sqlite3
 * transaction writing the same rows (sale, items, payments, stock, history, state, outbox)
 * with the same pragmas, measured in the same run.
 */
export async function saleBench() {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-'));
  const contract = await seeded(dir, 'contract.sqlite3');
  const raw = await seeded(dir, 'raw.sqlite3');
  const db = raw.app.db.raw;
  const ids = db.prepare('SELECT id FROM variants ORDER BY external_id').pluck().all() as string[];
  const store = db.prepare('SELECT id FROM stores').pluck().get() as string;
  const ins = {
    sale: db.prepare(
      `INSERT INTO sales (id, external_id, number, seq, store_id, register_id, customer_id, salesperson_id, channel, occurred_at, subtotal_cents, line_discount_cents, order_discount_cents, total_cents, notes, created_by, created_at) VALUES (?,?,?,?,?,NULL,NULL,NULL,'PDV',?,?,0,0,?,NULL,NULL,?)`,
    ),
    item: db.prepare(
      `INSERT INTO sale_items (id, sale_id, line_no, variant_id, qty_milli, unit_price_cents, amount_cents, line_discount_cents, order_discount_cents, net_cents, unit_cost_cents, cost_cents, commission_rate_bp, commission_cents, margin_cents) VALUES (?,?,?,?,1000,?,?,0,0,?,400,400,300,?,?)`,
    ),
    payment: db.prepare(
      `INSERT INTO payments (id, external_id, sale_id, method, amount_cents, tendered_cents, change_cents, installments, register_id, cash_session_id, occurred_at, created_by, created_at) VALUES (?,NULL,?,?,?,?,0,1,NULL,NULL,?,NULL,?)`,
    ),
    stock: db.prepare(
      `INSERT INTO stock_movements (id, variant_id, store_id, qty_milli, kind, reference_id, reason, occurred_at, created_by, created_at) VALUES (?,?,?,-1000,'sale',?,NULL,?,NULL,?)`,
    ),
    history: db.prepare(
      `INSERT INTO sale_status_history (id, sale_id, from_status, to_status, reason, user_id, occurred_at, created_at) VALUES (?,?,NULL,'completa','venda',NULL,?,?)`,
    ),
    state: db.prepare(
      `INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at) VALUES (?,'completa',?,?,0,0,?,?)`,
    ),
    outbox: db.prepare(
      `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, user_id, register_id, created_at) VALUES (?,?,?,'insert',?,NULL,NULL,?)`,
    ),
  };
  // The same rows the contract writes, outbox payloads included (whole rows as JSON), and the
  // audit row every write operation appends (issue 16).
  const audit = rawAuditWriter(db, 'sales.register');
  const put = (stmt: { run(...a: unknown[]): unknown }, table: string, row: Record<string, unknown>, now: string) => {
    stmt.run(...Object.values(row));
    audit.note(table, String(row.id));
    ins.outbox.run(v7(), table, String(row.id), JSON.stringify(row), now);
  };
  const rawSale = db.transaction((n: number) => {
    const now = new Date().toISOString();
    const saleId = v7();
    const total = 1000 + 1250 + 1500 + 1750 + 2000;
    put(
      ins.sale,
      'sales',
      {
        id: saleId,
        external_id: `RAW-${n}`,
        number: `RAW-${n}`,
        seq: n,
        store_id: store,
        occurred_at: now,
        subtotal_cents: total,
        total_cents: total,
        created_at: now,
      },
      now,
    );
    ids.forEach((variantId, i) => {
      const price = 1000 + i * 250;
      const item = {
        id: v7(),
        sale_id: saleId,
        line_no: i + 1,
        variant_id: variantId,
        unit_price_cents: price,
        amount_cents: price,
        net_cents: price,
        commission_cents: Math.round(price * 0.03),
        margin_cents: price - 400,
      };
      put(ins.item, 'sale_items', item, now);
      put(
        ins.stock,
        'stock_movements',
        { id: v7(), variant_id: variantId, store_id: store, reference_id: saleId, occurred_at: now, created_at: now },
        now,
      );
    });
    for (const [method, amount] of [
      ['pix', 5000],
      ['dinheiro', total - 5000],
    ] as const) {
      put(
        ins.payment,
        'payments',
        {
          id: v7(),
          sale_id: saleId,
          method,
          amount_cents: amount,
          tendered_cents: amount,
          occurred_at: now,
          created_at: now,
        },
        now,
      );
    }
    put(ins.history, 'sale_status_history', { id: v7(), sale_id: saleId, occurred_at: now, created_at: now }, now);
    ins.state.run(saleId, total, total, total, now);
    audit.write(saleId, now);
  });
  const input = (i: number) => ({
    external_id: `B-${i}`,
    salesperson_external_id: 'V1',
    items: SKUS.map((sku) => ({ variant_external_id: sku, qty: 1 })),
    payments: [
      { method: 'pix', amount: 5000 },
      { method: 'dinheiro', amount: 5000 },
    ],
  });
  for (let w = 0; w < 200; w++) {
    rawSale(-1 - w);
    contract.app.dispatch('sales.register', input(-1 - w), contract.session);
  }
  const [baseline, viaContract] = measureInterleaved(
    { name: 'raw better-sqlite3: 5-item, 2-payment sale', fn: (i) => rawSale(i) },
    {
      name: 'contract: sales.register (5 items, 2 payments)',
      fn: (i) => {
        const result = contract.app.dispatch('sales.register', input(i), contract.session);
        if (!result.ok) throw new Error(result.error.message);
      },
    },
    10,
    300,
  );
  contract.app.close();
  raw.app.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    measurements: [baseline, viaContract],
    verdicts: [ratioAtMost('sales.register vs raw transaction', viaContract, baseline, 1.3)],
  };
}
