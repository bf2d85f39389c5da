import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { allocateLargestRemainder, applyRateBp, divRoundHalfUp } from '../money/money';
import { demoCatalog, demoCustomers, demoStores, rng, type DemoStore, type DemoVariant } from './demo.people';
import { demoLeadsAndAgenda } from './demo.crm';
import { monthlyRun, previousMonth } from './runs';
import { ensureZoneOffsets, localDate, offsetMinutesAt } from './tz';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 730;
/** Behaviours: share of customers, active window (days ago, newest..oldest), purchase weight. */
const BEHAVIOURS: [number, number, number, number][] = [
  [0.1, 0, 730, 8], // campeões: often, still buying
  [0.15, 0, 500, 4], // fiéis
  [0.15, 0, 60, 1], // novos
  [0.15, 150, 600, 4], // em risco: bought often, stopped
  [0.12, 120, 300, 1], // hibernando
  [0.15, 280, 730, 1], // perdidos
  [0.1, 0, 730, 1.5], // ocasionais
  [0.08, 0, 0, 0], // sem compras
];
const MONTH_WEIGHT = [0.8, 0.8, 0.9, 0.95, 1.2, 1, 0.95, 1, 0.95, 1, 1.3, 1.6];
const WEEKDAY_WEIGHT = [0.5, 0.8, 0.9, 0.95, 1, 1.2, 1.4];
const HOURS = [9, 10, 11, 11, 12, 12, 13, 14, 15, 16, 17, 17, 18, 18, 19, 19, 20, 21];

export interface DemoSummary {
  customers: number;
  sales: number;
  returns: number;
  cancellations: number;
  unpaid: number;
  leads: number;
  appointments: number;
}

interface Profile {
  newest: number;
  oldest: number;
}

/**
 * A realistic, seeded store (issue 13 `demo`): three locations (one in Manaus), eight
 * salespeople, twenty products, N customers following the behaviours above so every RFM
 * segment is populated, M sales over the last two years with seasonality (May, November,
 * December), weekday and hour patterns, 2% unpaid, 1.5% cancelled, 3% partly returned,
 * leads and appointments when those tables exist, and the last six monthly RFM runs kept.
 *
 * Written set-based in batched transactions straight into the tables (facts, `sale_state`
 * and the stock ledger, so every projection holds), NOT through the outbox: a sample store
 * is for looking and benchmarking, and must never be pushed to the central database.
 */
export function runDemo(db: Db, o: { customers: number; sales: number; seed: number; now: Date }): DemoSummary {
  const random = rng(o.seed);
  const nowIso = o.now.toISOString();
  // A million sales touch indexes far larger than SQLite's default 2 MB page cache.
  const cache = db.raw.pragma('cache_size', { simple: true }) as number;
  db.raw.pragma('cache_size = -262144');
  try {
    return generate(db, o, random, nowIso);
  } finally {
    db.raw.pragma(`cache_size = ${cache}`);
  }
}

function generate(
  db: Db,
  o: { customers: number; sales: number; seed: number; now: Date },
  random: () => number,
  nowIso: string,
): DemoSummary {
  const { stores, variants, customers } = db.transaction(() => {
    const stores = demoStores(db, nowIso);
    const variants = demoCatalog(db, nowIso);
    return { stores, variants, customers: demoCustomers(db, o.customers, random, nowIso) };
  });
  ensureZoneOffsets(db);
  const profiles = customers.map(() => pick(random));
  const cumulative: number[] = [];
  let sum = 0;
  profiles.forEach((p) => {
    sum += (BEHAVIOURS[p] as number[])[3] as number;
    cumulative.push(sum);
  });
  const windows: Profile[] = profiles.map((p) => ({
    newest: (BEHAVIOURS[p] as number[])[1] as number,
    oldest: (BEHAVIOURS[p] as number[])[2] as number,
  }));
  const summary: DemoSummary = {
    customers: customers.length,
    sales: o.sales,
    returns: 0,
    cancellations: 0,
    unpaid: 0,
    leads: 0,
    appointments: 0,
  };
  const writer = new SaleWriter(db, stores, variants, random, o.now, summary);
  const BATCH = 20_000;
  for (let done = 0; done < o.sales; done += BATCH) {
    db.transaction(() => {
      for (let i = done; i < Math.min(o.sales, done + BATCH); i++) {
        const walkIn = random() < 0.1 || sum === 0;
        const c = walkIn ? -1 : lowerBound(cumulative, random() * sum);
        writer.write(
          i,
          c >= 0 ? (customers[c] as string) : null,
          c >= 0 ? (windows[c] as Profile) : { newest: 0, oldest: HISTORY_DAYS },
        );
      }
    });
  }
  db.statement(
    `INSERT INTO stock_movements (id, variant_id, store_id, qty_milli, kind, reason, occurred_at, created_at)
     SELECT lower(hex(randomblob(16))), variant_id, store_id, 20000 - sum(qty_milli), 'receiving', 'Estoque inicial (dados de exemplo)', ?, ?
     FROM stock_movements WHERE kind = 'sale' GROUP BY variant_id, store_id`,
  ).run(new Date(o.now.getTime() - (HISTORY_DAYS + 1) * DAY_MS).toISOString(), nowIso);
  const crm = db.transaction(() => demoLeadsAndAgenda(db, customers, variants, stores, random, o.now));
  summary.leads = crm.leads;
  summary.appointments = crm.appointments;
  keepRecentRuns(db, o.now, stores[0]?.zone ?? 'America/Sao_Paulo');
  return summary;
}

function keepRecentRuns(db: Db, now: Date, zone: string): void {
  let month = localDate(now.toISOString(), zone).slice(0, 7);
  const months: string[] = [];
  for (let i = 0; i < 6; i++) {
    month = previousMonth(month);
    months.unshift(month);
  }
  for (const m of months) monthlyRun(db, m, { keepInto: db, now: now.toISOString() });
}

function pick(random: () => number): number {
  let x = random();
  for (let i = 0; i < BEHAVIOURS.length; i++) {
    x -= (BEHAVIOURS[i] as number[])[0] as number;
    if (x < 0) return i;
  }
  return BEHAVIOURS.length - 1;
}

function lowerBound(cumulative: readonly number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Writes one sale with its items, payment, state, history, stock and (sometimes) a reversal. */
class SaleWriter {
  private readonly st: Record<string, ReturnType<Db['statement']>>;
  private readonly storeCum: number[];
  private readonly today: number;
  private readonly nowMs: number;

  constructor(
    db: Db,
    private readonly stores: DemoStore[],
    private readonly variants: DemoVariant[],
    private readonly random: () => number,
    now: Date,
    private readonly summary: DemoSummary,
  ) {
    this.nowMs = now.getTime();
    this.today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
    let acc = 0;
    this.storeCum = stores.map((s) => (acc += s.weight));
    const seq = (db.statement("SELECT count(*) AS n FROM sales WHERE number LIKE 'DEMO-%'").get() as { n: number }).n;
    this.offset = seq;
    this.st = {
      sale: db.statement(`INSERT INTO sales (id, external_id, number, seq, store_id, register_id, customer_id, salesperson_id, channel, occurred_at,
        subtotal_cents, line_discount_cents, order_discount_cents, total_cents, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      item: db.statement(`INSERT INTO sale_items (id, sale_id, line_no, variant_id, qty_milli, unit_price_cents, amount_cents, line_discount_cents,
        order_discount_cents, net_cents, unit_cost_cents, cost_cents, commission_rate_bp, commission_cents, margin_cents)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      pay: db.statement(`INSERT INTO payments (id, sale_id, method, amount_cents, tendered_cents, change_cents, installments, occurred_at, created_at)
        VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`),
      state:
        db.statement(`INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
        VALUES (?, ?, ?, ?, 0, ?, ?, ?)`),
      history: db.statement(
        `INSERT INTO sale_status_history (id, sale_id, from_status, to_status, reason, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      stock: db.statement(
        `INSERT INTO stock_movements (id, variant_id, store_id, qty_milli, kind, reference_id, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      cancel: db.statement(
        `INSERT INTO cancellations (id, sale_id, reason, refund_cents, cash_refund_cents, occurred_at, created_at) VALUES (?, ?, 'Desistência do cliente', ?, 0, ?, ?)`,
      ),
      ret: db.statement(`INSERT INTO returns (id, sale_id, reason, condition, refund_method, refund_cents, occurred_at, created_at)
        VALUES (?, ?, 'Troca de tamanho', 'revenda', 'original', ?, ?, ?)`),
      retItem:
        db.statement(`INSERT INTO return_items (id, return_id, sale_item_id, qty_milli, refund_cents, commission_reversal_cents, margin_reversal_cents)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  private readonly offset: number;

  /** A local day inside the window, weighted by month and weekday (rejection sampling). */
  private day(w: { newest: number; oldest: number }): number {
    for (;;) {
      const ago = w.newest + Math.floor(this.random() * (w.oldest - w.newest + 1));
      const t = this.today - ago * DAY_MS;
      const d = new Date(t);
      const weight = (MONTH_WEIGHT[d.getUTCMonth()] as number) * (WEEKDAY_WEIGHT[d.getUTCDay()] as number);
      if (this.random() * 2.24 < weight) return t;
    }
  }

  write(i: number, customerId: string | null, w: { newest: number; oldest: number }): void {
    const r = this.random;
    const store = this.stores[
      lowerBound(this.storeCum, r() * (this.storeCum[this.storeCum.length - 1] as number))
    ] as DemoStore;
    const seller = store.salespeople[Math.floor(r() * store.salespeople.length)] ?? { id: null, rate: 0 };
    const localMs =
      this.day(w) + ((HOURS[Math.floor(r() * HOURS.length)] as number) * 60 + Math.floor(r() * 60)) * 60_000;
    let atMs = localMs - offsetMinutesAt(store.zone, localMs) * 60_000;
    if (atMs > this.nowMs) atMs -= DAY_MS; // today's sales happen before now
    const at = new Date(atMs);
    const iso = at.toISOString();
    const lines = this.lines();
    const subtotal = lines.reduce((s, l) => s + l.amount, 0);
    const orderDiscount = r() < 0.1 ? divRoundHalfUp(subtotal * 5, 100) : 0;
    const alloc = allocateLargestRemainder(
      orderDiscount,
      lines.map((l) => l.amount),
    );
    const id = newId();
    const n = this.offset + i + 1;
    this.st.sale!.run(
      id,
      `DEMO-S${n}`,
      `DEMO-${String(n).padStart(8, '0')}`,
      n,
      store.id,
      customerId,
      seller.id,
      'PDV',
      iso,
      subtotal,
      0,
      orderDiscount,
      subtotal - orderDiscount,
      iso,
    );
    const items = lines.map((l, k) => {
      const net = l.amount - (alloc[k] as number);
      const itemId = newId();
      const cost = (l.v.cost * l.qty) / 1000;
      const commission = applyRateBp(net, seller.rate);
      this.st.item!.run(
        itemId,
        id,
        k + 1,
        l.v.id,
        l.qty,
        l.v.price,
        l.amount,
        0,
        alloc[k],
        net,
        l.v.cost,
        cost,
        seller.rate,
        commission,
        net - cost,
      );
      if (l.v.kind === 'goods') this.st.stock!.run(newId(), l.v.id, store.id, -l.qty, 'sale', id, iso, iso);
      return { itemId, qty: l.qty, net, commission, margin: net - cost, v: l.v };
    });
    const total = subtotal - orderDiscount;
    const roll = r();
    if (roll < 0.02 && at.getTime() > this.today - 30 * DAY_MS) {
      this.summary.unpaid++;
      this.state(id, 'aguardando_pagamento', total, 0, 0, iso, null);
      return;
    }
    this.payment(id, total, iso);
    if (roll > 0.985) return this.cancelled(id, total, iso);
    const big = items.find((it) => it.qty >= 2000);
    if (roll > 0.955 && big) return this.returned(id, total, iso, big, store.id);
    this.state(id, 'completa', total, total, 0, iso, null);
  }

  private lines() {
    const count = 1 + Math.floor(this.random() * this.random() * 4);
    return Array.from({ length: count }, () => {
      const v = this.variants[Math.floor(this.random() * this.random() * this.variants.length)] as DemoVariant;
      const qty = (this.random() < 0.25 ? 2 : 1) * 1000;
      return { v, qty, amount: (v.price * qty) / 1000 };
    });
  }

  private payment(saleId: string, total: number, iso: string): void {
    if (total === 0) return;
    const x = this.random();
    const method =
      x < 0.35 ? 'pix' : x < 0.6 ? 'cartao_credito' : x < 0.8 ? 'cartao_debito' : x < 0.98 ? 'dinheiro' : 'boleto';
    const installments = method === 'cartao_credito' && this.random() < 0.5 ? 2 + Math.floor(this.random() * 5) : 1;
    this.st.pay!.run(newId(), saleId, method, total, total, installments, iso, iso);
  }

  private state(
    saleId: string,
    status: string,
    total: number,
    paid: number,
    refunded: number,
    iso: string,
    from: string | null,
  ): void {
    const net = status === 'cancelada' ? 0 : total - refunded;
    this.st.state!.run(saleId, status, total, paid, refunded, net, iso);
    if (from) this.st.history!.run(newId(), saleId, null, from, 'Venda importada', iso, iso);
    this.st.history!.run(newId(), saleId, from, status, from ? 'Reversão' : 'Venda importada', iso, iso);
  }

  private later(iso: string, maxDays: number): string {
    const t = Math.min(Date.parse(iso) + (1 + Math.floor(this.random() * maxDays)) * DAY_MS, this.nowMs);
    return new Date(Math.max(t, Date.parse(iso))).toISOString();
  }

  private cancelled(saleId: string, total: number, iso: string): void {
    this.summary.cancellations++;
    const at = this.later(iso, 3);
    this.st.cancel!.run(newId(), saleId, total, at, at);
    this.state(saleId, 'cancelada', total, total, 0, at, 'completa');
  }

  private returned(
    saleId: string,
    total: number,
    iso: string,
    line: { itemId: string; qty: number; net: number; commission: number; margin: number; v: DemoVariant },
    storeId: string,
  ): void {
    this.summary.returns++;
    const at = this.later(iso, 20);
    const refund = divRoundHalfUp(line.net * 1000, line.qty);
    const returnId = newId();
    this.st.ret!.run(returnId, saleId, refund, at, at);
    this.st.retItem!.run(
      newId(),
      returnId,
      line.itemId,
      1000,
      refund,
      divRoundHalfUp(line.commission * 1000, line.qty),
      divRoundHalfUp(line.margin * 1000, line.qty),
    );
    if (line.v.kind === 'goods') this.st.stock!.run(newId(), line.v.id, storeId, 1000, 'return', returnId, at, at);
    this.state(saleId, 'parcialmente_reembolsada', total, total, refund, at, 'completa');
  }
}
