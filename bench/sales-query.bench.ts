import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Balcao } from '../app/balcao';
import { newId } from '../app/db/ids';
import { measure, type Measurement, type Verdict, openBenchStore } from './harness';

const SALES = 100_000;
const DAYS = 120;
const CUSTOMERS = 2_000;
const SALESPEOPLE = 10;
const METHODS = ['pix', 'cartao_credito', 'cartao_debito', 'dinheiro', 'boleto', 'credito_loja'] as const;
const METHOD_WEIGHTS = [35, 25, 20, 15, 4, 1];
const STATUSES = ['completa', 'parcialmente_reembolsada', 'reembolsada', 'cancelada', 'aguardando_pagamento'] as const;
const STATUS_WEIGHTS = [88, 5, 2, 3, 2];

/** A deterministic pseudo-random sequence, so every run measures the same data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function weighted<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((a, w) => a + w, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/**
 * 100,000 sales over the last 120 days, written straight through the raw handle in one
 * transaction (the service would take minutes): sales, their sale_state and 1–2 payments each.
 */
export function seedSales(app: Balcao, now: Date): { customerIds: string[]; salespersonIds: string[] } {
  const db = app.db.raw;
  const store = db.prepare('SELECT id, code FROM stores').get() as { id: string; code: string };
  const register = db.prepare('SELECT id, code FROM registers').get() as { id: string; code: string };
  const at = now.toISOString();
  const rand = lcg(42);
  const customerIds: string[] = [];
  const salespersonIds: string[] = [];
  const ins = {
    customer: db.prepare(
      `INSERT INTO customers (id, external_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    salesperson: db.prepare(
      `INSERT INTO salespeople (id, external_id, name, store_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    sale: db.prepare(
      `INSERT INTO sales (id, external_id, number, seq, store_id, register_id, customer_id, salesperson_id, channel,
        occurred_at, subtotal_cents, line_discount_cents, order_discount_cents, total_cents, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PDV', ?, ?, 0, 0, ?, ?)`,
    ),
    state: db.prepare(
      `INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
       VALUES (?, ?, ?, ?, 0, ?, ?, ?)`,
    ),
    payment: db.prepare(
      `INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, register_id, occurred_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  app.db.transaction(() => {
    for (let c = 0; c < CUSTOMERS; c++) {
      const id = newId();
      customerIds.push(id);
      ins.customer.run(id, `C${String(c).padStart(5, '0')}`, `Cliente ${c}`, at, at);
    }
    for (let p = 0; p < SALESPEOPLE; p++) {
      const id = newId();
      salespersonIds.push(id);
      ins.salesperson.run(id, `V${p}`, `Vendedor ${p}`, store.id, at, at);
    }
    const span = DAYS * 86_400_000;
    for (let i = 0; i < SALES; i++) {
      const id = newId();
      const occurred = new Date(now.getTime() - span + Math.floor((span * (i + rand())) / SALES)).toISOString();
      const total = 1_000 + Math.floor(rand() * 50_000);
      const status = weighted(STATUSES, STATUS_WEIGHTS, rand());
      const customer = rand() < 0.6 ? customerIds[Math.floor(rand() * CUSTOMERS)] : null;
      const seller = salespersonIds[i % SALESPEOPLE] ?? null;
      ins.sale.run(
        id,
        `B-${i}`,
        `${store.code}-${register.code}-${String(i + 1).padStart(6, '0')}`,
        i + 1,
        store.id,
        register.id,
        customer,
        seller,
        occurred,
        total,
        total,
        occurred,
      );
      const paid = status === 'aguardando_pagamento' ? Math.floor(total / 2) : total;
      const refunded =
        status === 'reembolsada' || status === 'cancelada' ? total : status === 'parcialmente_reembolsada' ? 500 : 0;
      const net = status === 'cancelada' ? 0 : total - refunded;
      ins.state.run(id, status, total, paid, status === 'cancelada' ? 0 : refunded, net, occurred);
      const split = rand() < 0.3 && paid > 1;
      const first = split ? Math.floor(paid / 2) : paid;
      const method = weighted(METHODS, METHOD_WEIGHTS, rand());
      ins.payment.run(newId(), id, method, first, first, register.id, occurred, occurred);
      if (split) {
        const other = weighted(METHODS, METHOD_WEIGHTS, rand());
        ins.payment.run(newId(), id, other, paid - first, paid - first, register.id, occurred, occurred);
      }
    }
  });
  return { customerIds, salespersonIds };
}

function localDay(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(d);
}

/**
 * sales.query (one page of 200 rows without lines, plus the totals of the filtered set) through
 * the whole contract over 100,000 sales, against a raw "first 200 sales" read of the same file.
 */
export async function salesQueryBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-'));
  const { app, session } = await openBenchStore(join(dir, 'bench.sqlite3'));
  const now = new Date();
  const { customerIds } = seedSales(app, now);
  const today = localDay(now, 'America/Sao_Paulo');
  const monthAgo = localDay(new Date(now.getTime() - 30 * 86_400_000), 'America/Sao_Paulo');
  const yearAgo = localDay(new Date(now.getTime() - 365 * 86_400_000), 'America/Sao_Paulo');

  const raw = app.db.raw.prepare('SELECT * FROM sales ORDER BY occurred_at DESC LIMIT 200');
  const baseline = measure('raw better-sqlite3: 200 latest sales', 300, () => raw.all());
  type Input = (i: number) => Record<string, unknown>;
  const query = (name: string, input: Input, iterations = 200) =>
    measure(name, iterations, (i) => {
      const result = app.dispatch('sales.query', { limit: 200, with_lines: false, ...input(i) }, session);
      if (!result.ok) throw new Error(result.error.message);
    });
  const input =
    (base: Record<string, unknown>): Input =>
    () =>
      base;
  const cases: Measurement[] = [
    query('sales.query page+totals: today', input({ from: today, to: today })),
    query('sales.query page+totals: last 30 days', input({ from: monthAgo, to: today })),
    query('sales.query page+totals: status completa, today', input({ from: today, to: today, status: 'completa' })),
    query(
      'sales.query page+totals: status cancelada, 30 days',
      input({ from: monthAgo, to: today, status: 'cancelada' }),
    ),
    query('sales.query page+totals: boleto, 30 days', input({ from: monthAgo, to: today, payment_method: 'boleto' })),
    query('sales.query page+totals: one customer, year', (i: number) => ({
      from: yearAgo,
      to: today,
      customer_id: customerIds[i % customerIds.length],
    })),
    query('sales.query page+totals: 100k, whole year', input({ from: yearAgo, to: today }), 60),
    query(
      'sales.query page only: offset 90,000',
      input({ from: yearAgo, to: today, offset: 90_000, with_totals: false }),
    ),
  ];
  app.close();
  rmSync(dir, { recursive: true, force: true });
  const pages = cases.filter((c) => !c.name.includes('whole year'));
  return {
    measurements: [baseline, ...cases],
    verdicts: pages.map((c) => ({
      label: `${c.name} p95 under 50 ms`,
      ok: c.p95Ms < 50,
      detail: `p95 ${c.p95Ms.toFixed(3)} ms = ${(c.p95Ms / baseline.p95Ms).toFixed(1)}× raw read (limit 50 ms)`,
    })),
  };
}
