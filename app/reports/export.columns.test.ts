import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers';
import { offsetModifierSql } from '../../migrations/device/0017_analytics';
import { openFixtureStore } from '../analytics/analytics.fixture';
import { ensureZoneOffsets } from '../analytics/tz';
import type { Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { syncedTableList } from '../sync/outbox';
import { applyChanges } from '../sync/sync.apply';
import { exportSheet } from './export.defs';

const MOD = offsetModifierSql('s.occurred_at', 's.store_id');

/**
 * The vendas export computed from the base tables, as it was before device 0034 kept its columns
 * in `analytics_sales`: per sale its number, local wall time (SQLite's own date arithmetic), store
 * code, names, status, Σ item quantities, subtotal, discounts, total, refunded and net.
 */
const REFERENCE = `SELECT s.number, datetime(s.occurred_at, ${MOD}), st.code, sp.name, c.name, ss.status,
    (SELECT sum(i.qty_milli) FROM sale_items i WHERE i.sale_id = s.id), s.subtotal_cents,
    s.line_discount_cents + s.order_discount_cents, ss.total_cents, ss.refunded_cents, ss.net_cents
  FROM sales s JOIN sale_state ss ON ss.sale_id = s.id JOIN stores st ON st.id = s.store_id
  LEFT JOIN salespeople sp ON sp.id = s.salesperson_id LEFT JOIN customers c ON c.id = s.customer_id
  WHERE date(s.occurred_at, ${MOD}) BETWEEN ? AND ? ORDER BY s.occurred_at, s.id`;

function must(app: Balcao, session: Session, action: string, data: Record<string, unknown>): void {
  const r = app.dispatch('sales.apply', { action, transaction_data: data }, session);
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
}

/** The export's rows for [from, to] equal the reference computed from the base tables. */
function expectFresh(app: Balcao, from: string, to: string): unknown[][] {
  const ctx = { db: app.db, session: newSession(true), clock: { now: () => new Date() } };
  const exported = [...exportSheet(ctx, 'vendas', { from, to }).rows];
  const reference = app.db.raw.prepare(REFERENCE).raw(true).all(from, to) as unknown[][];
  expect(exported).toEqual(reference);
  return exported;
}

/** A copy of sale `externalId` as another desktop would send it: new ids, number and external id. */
function remoteSale(app: Balcao, externalId: string, suffix: string) {
  const raw = app.db.raw;
  const sale = raw.prepare('SELECT * FROM sales WHERE external_id = ?').get(externalId) as Record<string, unknown>;
  const id = `${String(sale.id)}-${suffix}`;
  const rows = (table: string) =>
    raw.prepare(`SELECT * FROM ${table} WHERE sale_id = ?`).all(sale.id) as Record<string, unknown>[];
  return {
    sales: [{ ...sale, id, external_id: `${externalId}-${suffix}`, number: `REM-${suffix}` }],
    sale_items: rows('sale_items').map((r) => ({ ...r, id: `${String(r.id)}-${suffix}`, sale_id: id })),
    payments: rows('payments').map((r) => ({ ...r, id: `${String(r.id)}-${suffix}`, external_id: null, sale_id: id })),
  };
}

/**
 * One pulled page of `table` applied as `applyBatch` applies it: foreign keys off (a child may
 * come before its parent), the sales it touches projected.
 */
function pullPage(app: Balcao, table: string, rows: Record<string, unknown>[]): void {
  const spec = syncedTableList().find((t) => t.table === table);
  if (!spec) throw new Error(table);
  const changes = rows.map((value) => ({ operation: 'insert' as const, value }));
  app.db.raw.pragma('foreign_keys = OFF');
  try {
    app.db.transaction(() => applyChanges(app.db, spec, changes, '2026-11-30T12:00:00.000Z'));
  } finally {
    app.db.raw.pragma('foreign_keys = ON');
  }
}

describe('vendas export columns kept in analytics_sales (device 0034)', () => {
  it('equal a fresh computation from the base tables after payments, returns, cancellations, discounts, lines pulled in any order and a zone change', async () => {
    const { app, session } = await openFixtureStore(tempDbPath());
    try {
      const [from, to] = ['2025-01-01', '2026-12-31'];
      // The fixture has returns, a cancellation and an unpaid sale already.
      expect(expectFresh(app, from, to)).toHaveLength(29);

      // A later discount on the unpaid sale, then its payment.
      must(app, session, 'apply_discount', { reference_external_id: 'S28', discount_amount: 500 });
      must(app, session, 'register_payment', { reference_external_id: 'S28', method: 'pix', amount: 9500 });
      must(app, session, 'register_return', {
        reference_external_id: 'S01',
        items: [{ variant_external_id: 'A', qty: 1 }],
        reason: 'Troca',
        condition: 'revenda',
        refund_method: 'original',
      });
      must(app, session, 'register_cancellation', { reference_external_id: 'S23', reason: 'Desistência' });
      const after = expectFresh(app, from, to);
      const byNumber = (n: string) => after.find((r) => r[0] === n);
      const s01 = app.db.raw.prepare(`SELECT number FROM sales WHERE external_id = 'S01'`).pluck().get() as string;
      // Refunded in full: Devolvido R$ 100,00, Líquido 0.
      expect(byNumber(s01)?.slice(5)).toEqual(['reembolsada', 1000, 10000, 0, 10000, 10000, 0]);

      // Lines arriving before their sale, and after it (another desktop's sales, pulled).
      const early = remoteSale(app, 'S02', 'early');
      pullPage(app, 'sale_items', early.sale_items);
      pullPage(app, 'sales', early.sales);
      pullPage(app, 'payments', early.payments);
      const late = remoteSale(app, 'S10', 'late');
      pullPage(app, 'sales', late.sales);
      pullPage(app, 'payments', late.payments);
      expect(
        app.db.raw.prepare(`SELECT items_milli FROM analytics_sales WHERE number = 'REM-late'`).pluck().get(),
      ).toBe(null);
      pullPage(app, 'sale_items', late.sale_items);
      const pulled = expectFresh(app, from, to).filter((r) => String(r[0]).startsWith('REM-'));
      expect(pulled.map((r) => [r[0], r[6]])).toEqual([
        ['REM-late', 2000],
        ['REM-early', 1000],
      ]);

      // pagamentos names each payment's sale from analytics_sales too: as the base tables say.
      const pagamentos = [
        ...exportSheet({ db: app.db, session, clock: { now: () => new Date() } }, 'pagamentos', { from, to }).rows,
      ];
      const payments = app.db.raw
        .prepare(
          `SELECT s.number, pm.amount_cents FROM payments pm JOIN sales s ON s.id = pm.sale_id
           WHERE pm.declined = 0 AND pm.amount_cents > 0 ORDER BY pm.occurred_at, pm.id`,
        )
        .raw(true)
        .all();
      expect(pagamentos.map((r) => [r[0], r[4]])).toEqual(payments);
      expect(payments.length).toBeGreaterThan(29);

      // Manaus (UTC−4) becomes São Paulo (UTC−3): S17, 03:30 UTC on Oct 31, moves from Oct 30 to Oct 31.
      const day = () => expectFresh(app, '2026-10-31', '2026-10-31').map((r) => [r[1], r[2]]);
      expect(day()).toEqual([
        ['2026-10-31 12:00:00', 'LJ01'],
        ['2026-10-31 23:30:00', 'LJ01'],
      ]);
      must(app, session, 'upsert_location', {
        external_id: 'LJ02',
        name: 'Loja Manaus',
        timezone: 'America/Sao_Paulo',
      });
      ensureZoneOffsets(app.db);
      expect(day()).toEqual([
        ['2026-10-31 00:30:00', 'LJ02'],
        ['2026-10-31 12:00:00', 'LJ01'],
        ['2026-10-31 23:30:00', 'LJ01'],
      ]);
    } finally {
      app.close();
    }
  });

  it("names the customer by a join in the scan: a renamed customer's new name, none for a sale without one", async () => {
    const { app } = await openFixtureStore(tempDbPath());
    try {
      const raw = app.db.raw;
      const s02 = raw.prepare(`SELECT id, number FROM sales WHERE external_id = 'S02'`).get() as {
        id: string;
        number: string;
      };
      const c01 = raw.prepare(`SELECT customer_id FROM sales WHERE id = ?`).pluck().get(s02.id) as string;
      raw.prepare(`UPDATE customers SET name = 'Ana; Souza' WHERE id = ?`).run(c01);
      raw.prepare(`UPDATE sales SET customer_id = NULL WHERE external_id = 'S05'`).run();
      const rows = expectFresh(app, '2025-01-01', '2026-12-31');
      expect(rows.find((r) => r[0] === s02.number)?.[4]).toBe('Ana; Souza');
      const s05 = raw.prepare(`SELECT number FROM sales WHERE external_id = 'S05'`).pluck().get() as string;
      expect(rows.find((r) => r[0] === s05)?.[4]).toBe(null);
    } finally {
      app.close();
    }
  });
});
