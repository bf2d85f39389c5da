import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type BetterSqlite3 from 'better-sqlite3';
import { newId } from '../app/db/ids';
import { type Balcao } from '../app/balcao';
import { newSession, type Session } from '../app/contract/context';
import { applyFile } from '../app/sales/apply.cli';
import { ratioAtMost, type Measurement, type Verdict, openBenchStore } from './harness';
import { rawAuditWriter } from './raw-audit';

const SKU_COUNT = 20;
const PRICE = (i: number) => 990 + i * 137;
const COST = (i: number) => 300 + i * 41;
const METHODS = ['pix', 'cartao_debito', 'cartao_credito', 'dinheiro'] as const;

/** A small deterministic PRNG (mulberry32): the same seed writes the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ApplyFileShape {
  /** Upserts written before the sales (each counts as `applied` whenever it runs). */
  catalogLines: number;
  sales: number;
  bytes: number;
}

/**
 * Writes a JSONL file of unified actions: a catalog (location, salesperson, customers, products)
 * then `sales` register_sale lines with 2–3 items and 1–2 payments that add up to the total, no
 * register (no cash session needed), unique external ids S-000001…, times ISO-8601 with offset.
 */
export function writeApplyFile(path: string, sales: number, seed = 42): ApplyFileShape {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const catalog: object[] = [
    {
      action: 'upsert_location',
      transaction_data: { external_id: 'LJ01', name: 'Loja Centro', timezone: 'America/Sao_Paulo' },
    },
    {
      action: 'upsert_salesperson',
      transaction_data: { external_id: 'V1', name: 'Vera', location_external_id: 'LJ01', commission_rate: 3 },
    },
    ...[1, 2, 3].map((n) => ({
      action: 'update_customer_data',
      transaction_data: { external_id: `C${n}`, name: `Cliente ${n}` },
    })),
    ...Array.from({ length: SKU_COUNT }, (_, i) => ({
      action: 'upsert_product',
      transaction_data: {
        external_id: `SKU-${i}`,
        name: `Produto ${i}`,
        category: i % 2 ? 'Calçados' : 'Roupas',
        kind: 'goods',
        unit_price: PRICE(i),
        unit_cost: COST(i),
      },
    })),
  ];
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk = '';
  const write = (line: object) => {
    chunk += JSON.stringify(line) + '\n';
    if (chunk.length > 1 << 20) {
      bytes += writeSync(fd, chunk);
      chunk = '';
    }
  };
  try {
    catalog.forEach(write);
    for (let n = 1; n <= sales; n++) {
      const skus = new Set<number>();
      const wanted = 2 + pick(2);
      while (skus.size < wanted) skus.add(pick(SKU_COUNT));
      const items = [...skus].map((i) => ({ variant_external_id: `SKU-${i}`, qty: 1 + pick(3) }));
      const total = [...skus].reduce((sum, i, k) => sum + PRICE(i) * (items[k]?.qty ?? 0), 0);
      const first = pick(2) ? Math.floor(total / 2) : total;
      const payments = [{ method: METHODS[pick(METHODS.length)] ?? 'pix', amount: first }];
      if (first < total) payments.push({ method: 'dinheiro', amount: total - first });
      const minute = n % 1440;
      write({
        action: 'register_sale',
        transaction_data: {
          external_id: `S-${String(n).padStart(6, '0')}`,
          customer_external_id: pick(3) ? `C${1 + pick(3)}` : undefined,
          salesperson_external_id: 'V1',
          location_external_id: 'LJ01',
          channel: 'ECOMMERCE',
          occurred_at: `2026-11-${String(1 + (n % 28)).padStart(2, '0')}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00-03:00`,
          items,
          payments,
        },
        metadata: { system_source: 'bench' },
      });
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { catalogLines: catalog.length, sales, bytes };
}

/** The store set up; the CLI's system session imports, as `cli apply` does. */
export async function setUpStore(path: string): Promise<{ app: Balcao; session: Session }> {
  const { app } = await openBenchStore(path);
  return { app, session: newSession(true) };
}

interface SaleLine {
  external_id: string;
  customer_external_id?: string;
  salesperson_external_id?: string;
  channel: string;
  occurred_at: string;
  items: { variant_external_id: string; qty: number }[];
  payments: { method: string; amount: number }[];
}

/**
 * The baseline: the same file streamed and parsed, the same rows (sale, items, stock movements,
 * payments, status history, state, and an outbox entry with the whole row for each synced one)
 * written with raw prepared statements, 500 lines per transaction, on a database opened with the
 * same pragmas. Catalog lines go through the contract: they are a handful and not what is measured.
 */
async function rawApply(app: Balcao, session: Session, path: string): Promise<number> {
  const db = app.db.raw;
  const statements = new Map<string, BetterSqlite3.Statement>();
  const outbox = db.prepare(
    `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, user_id, register_id, created_at)
     VALUES (?, ?, ?, 'insert', ?, NULL, NULL, ?)`,
  );
  let now = '';
  const audit = rawAuditWriter(db, 'sales.apply');
  /** One cached statement per table, its columns the row's keys; synced rows also go out and are audited. */
  const put = (table: string, row: Record<string, string | number | null>, synced = true) => {
    let stmt = statements.get(table);
    if (!stmt) {
      const columns = Object.keys(row);
      stmt = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(table, stmt);
    }
    stmt.run(...Object.values(row));
    if (!synced) return;
    outbox.run(newId(), table, String(row.id), JSON.stringify(row), now);
    audit.note(table, String(row.id));
  };
  /** External id → row, for the few references a sale line names. */
  const byExternalId = <T extends { external_id: string }>(sql: string) =>
    new Map((db.prepare(sql).all() as T[]).map((r) => [r.external_id, r]));
  const loadRefs = () => ({
    variants: byExternalId<{ external_id: string; id: string; price_cents: number; cost_cents: number }>(
      'SELECT external_id, id, price_cents, cost_cents FROM variants',
    ),
    customers: byExternalId<{ external_id: string; id: string }>('SELECT external_id, id FROM customers'),
    people: byExternalId<{ external_id: string; id: string; bp: number }>(
      'SELECT external_id, id, commission_rate_bp AS bp FROM salespeople',
    ),
    store: db.prepare("SELECT id FROM stores WHERE code = 'LJ01'").pluck().get() as string,
  });
  let refs: ReturnType<typeof loadRefs> | null = null;
  let seq = 0;
  const writeSale = (s: SaleLine) => {
    const { variants, customers, people, store } = (refs ??= loadRefs());
    now = new Date().toISOString();
    const at = new Date(s.occurred_at).toISOString();
    const saleId = newId();
    seq++;
    const person = s.salesperson_external_id ? people.get(s.salesperson_external_id) : undefined;
    const bp = person?.bp ?? 0;
    const lines = s.items.map((item, i) => {
      const v = variants.get(item.variant_external_id);
      if (!v) throw new Error(`unknown ${item.variant_external_id}`);
      const qty = Math.round(item.qty * 1000);
      const amount = Math.round((qty * v.price_cents) / 1000);
      const cost = Math.round((qty * v.cost_cents) / 1000);
      return {
        id: newId(),
        sale_id: saleId,
        line_no: i + 1,
        variant_id: v.id,
        qty_milli: qty,
        unit_price_cents: v.price_cents,
        amount_cents: amount,
        line_discount_cents: 0,
        order_discount_cents: 0,
        net_cents: amount,
        unit_cost_cents: v.cost_cents,
        cost_cents: cost,
        commission_rate_bp: bp,
        commission_cents: Math.round((amount * bp) / 10_000),
        margin_cents: amount - cost,
      };
    });
    const total = lines.reduce((a, l) => a + l.net_cents, 0);
    put('sales', {
      id: saleId,
      external_id: s.external_id,
      number: `LJ01-EXT-${String(seq).padStart(6, '0')}`,
      seq,
      store_id: store,
      register_id: null,
      customer_id: s.customer_external_id ? (customers.get(s.customer_external_id)?.id ?? null) : null,
      salesperson_id: person?.id ?? null,
      channel: s.channel,
      occurred_at: at,
      subtotal_cents: total,
      line_discount_cents: 0,
      order_discount_cents: 0,
      total_cents: total,
      notes: null,
      created_by: null,
      created_at: now,
    });
    for (const line of lines) {
      put('sale_items', line);
      put('stock_movements', {
        id: newId(),
        variant_id: line.variant_id,
        store_id: store,
        qty_milli: -line.qty_milli,
        kind: 'sale',
        reference_id: saleId,
        reason: null,
        occurred_at: at,
        created_by: null,
        created_at: now,
      });
    }
    for (const p of s.payments) {
      put('payments', {
        id: newId(),
        external_id: null,
        sale_id: saleId,
        method: p.method,
        amount_cents: p.amount,
        tendered_cents: p.amount,
        change_cents: 0,
        installments: 1,
        register_id: null,
        cash_session_id: null,
        occurred_at: at,
        created_by: null,
        created_at: now,
      });
    }
    put('sale_status_history', {
      id: newId(),
      sale_id: saleId,
      from_status: null,
      to_status: 'completa',
      reason: 'venda registrada',
      user_id: null,
      occurred_at: at,
      created_at: now,
    });
    const state = { sale_id: saleId, status: 'completa', total_cents: total, paid_cents: total, change_cents: 0 };
    put('sale_state', { ...state, refunded_cents: 0, net_cents: total, updated_at: now }, false);
    audit.write(saleId, now);
  };
  const writeBatch = db.transaction((texts: string[]) => {
    for (const text of texts) {
      const line = JSON.parse(text) as { action: string; transaction_data: SaleLine };
      if (line.action === 'register_sale') writeSale(line.transaction_data);
      else {
        refs = null;
        const result = app.dispatch('sales.apply', line, session);
        if (!result.ok) throw new Error(result.error.message);
      }
    }
  });
  let batch: string[] = [];
  for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (text.trim() === '') continue;
    batch.push(text);
    if (batch.length >= 500) {
      writeBatch(batch);
      batch = [];
    }
  }
  if (batch.length) writeBatch(batch);
  return seq;
}

interface Run<T> {
  value: T;
  ms: number;
  cpuMs: number;
  startRss: number;
  /** Peak RSS over the first half of the run, and over the whole run. */
  halfPeakRss: number;
  peakRss: number;
}

/** Runs fn once, timing it (wall clock and this process's CPU) and sampling the resident set size. */
async function timed<T>(fn: () => Promise<T>): Promise<Run<T>> {
  const startRss = process.memoryUsage().rss;
  const samples: [number, number][] = [];
  const t0 = performance.now();
  const sample = () => samples.push([performance.now() - t0, process.memoryUsage().rss]);
  const timer = setInterval(sample, 25);
  const cpu = process.cpuUsage();
  let value: T;
  try {
    value = await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  sample();
  const peak = (until: number) => samples.reduce((max, [t, rss]) => (t <= until ? Math.max(max, rss) : max), startRss);
  return {
    value,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    startRss,
    halfPeakRss: peak(ms / 2),
    peakRss: peak(Infinity),
  };
}

function throughput(name: string, sales: number, ms: number): Measurement {
  const perSale = ms / sales;
  return { name, opsPerSecond: (sales / ms) * 1000, p50Ms: perSale, p95Ms: perSale };
}

const MB = 1024 * 1024;

/**
 * `cli apply` throughput: 100,000 register_sale lines streamed through applyFile (validation,
 * lookups, one savepoint per line, 500 lines per commit), against the raw writer above.
 * p50/p95 are the mean time per sale here: the unit measured is the whole file.
 */
export async function applyBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const SALES = Number(process.env.BALCAO_BENCH_APPLY_SALES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-apply-'));
  try {
    const file = join(dir, 'actions.jsonl');
    const shape = writeApplyFile(file, SALES);

    const raw = await setUpStore(join(dir, 'raw.sqlite3'));
    const rawRun = await timed(() => rawApply(raw.app, raw.session, file));
    raw.app.close();
    if (rawRun.value !== SALES) throw new Error(`raw writer wrote ${rawRun.value} of ${SALES} sales`);

    const contract = await setUpStore(join(dir, 'contract.sqlite3'));
    const run = await timed(() => applyFile(contract.app, contract.session, file));
    const written = contract.app.db.raw.prepare('SELECT count(*) FROM sales').pluck().get();
    contract.app.close();
    const { applied, rejected } = run.value;
    if (rejected.length || applied !== SALES + shape.catalogLines || written !== SALES) {
      throw new Error(`applyFile did not apply the whole file: ${JSON.stringify(rejected.slice(0, 3))}`);
    }

    const baseline = throughput(`raw better-sqlite3: ${SALES} sales from JSONL`, SALES, rawRun.ms);
    const candidate = throughput(`cli apply (applyFile): ${SALES} sales`, SALES, run.ms);
    const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
    const lateGrowth = (run.peakRss - run.halfPeakRss) / MB;
    return {
      measurements: [baseline, candidate],
      verdicts: [
        ratioAtMost('applyFile vs raw batched writer (≥ 0.625× its throughput)', candidate, baseline, 1.6),
        {
          label: 'applyFile vs raw batched writer, CPU time of this process (informational)',
          ok: true,
          detail: `${(run.cpuMs / rawRun.cpuMs).toFixed(2)}× (${(run.cpuMs / SALES).toFixed(3)} vs ${(rawRun.cpuMs / SALES).toFixed(3)} ms CPU per sale)`,
        },
        {
          label: 'applyFile throughput ≥ 1,500 sales/s',
          ok: candidate.opsPerSecond >= 1500,
          detail: `${candidate.opsPerSecond.toFixed(0)} sales/s`,
        },
        {
          // Streaming: the second half of the file must not need more memory than the first.
          label: 'applyFile memory stays bounded (peak RSS grows < 32 MB over the second half of the file)',
          ok: lateGrowth < 32,
          detail:
            `RSS ${mb(run.startRss)} at start, peak ${mb(run.halfPeakRss)} in the first half, ` +
            `${mb(run.peakRss)} overall, for a ${mb(shape.bytes)} file (raw writer peak ${mb(rawRun.peakRss)})`,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
