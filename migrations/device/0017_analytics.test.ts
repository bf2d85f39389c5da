import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { ensureZoneOffsets } from '../../app/analytics/tz';
import { deviceMigrations } from './index';

describe('0017_analytics', () => {
  it('backfills analytics_sales, keeps it with sale_state, dates by the store zone and reads RFM from one covering index', async () => {
    const raw = new BetterSqlite3(':memory:');
    const db = new Db(raw);
    const upTo = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0017'));
    await migrateToLatest(db, upTo);
    raw.exec(`INSERT INTO stores (id, code, name, timezone, created_at, updated_at) VALUES ('st', 'LJ01', 'Loja', 'America/Manaus', 'x', 'x');
      INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'Ana', 'x', 'x');
      INSERT INTO sales (id, external_id, number, seq, store_id, customer_id, channel, occurred_at, subtotal_cents,
        line_discount_cents, order_discount_cents, total_cents, created_at)
        VALUES ('s1', 'S-1', 'N1', 1, 'st', 'c1', 'PDV', '2026-10-31T03:30:00.000Z', 1000, 0, 0, 1000, 'x');
      INSERT INTO sale_state (sale_id, status, total_cents, paid_cents, change_cents, refunded_cents, net_cents, updated_at)
        VALUES ('s1', 'completa', 1000, 1000, 0, 0, 1000, 'x');`);
    await migrateToLatest(db, deviceMigrations);
    const row = () =>
      raw
        .prepare(
          `SELECT local_date, local_hour, counted, purchase, net_cents FROM analytics_sales WHERE sale_id = 's1'`,
        )
        .get();
    // Backfilled before Manaus' offsets are known: the UTC−3 fallback says Oct 31, 00h.
    expect(row()).toEqual({ local_date: '2026-10-31', local_hour: 0, counted: 1, purchase: 1, net_cents: 1000 });
    ensureZoneOffsets(db);
    expect(row()).toEqual({ local_date: '2026-10-30', local_hour: 23, counted: 1, purchase: 1, net_cents: 1000 });
    raw.exec(`UPDATE sale_state SET status = 'cancelada', net_cents = 0 WHERE sale_id = 's1'`);
    expect(row()).toEqual({ local_date: '2026-10-30', local_hour: 23, counted: 1, purchase: 0, net_cents: 0 });
    raw.exec(`UPDATE stores SET timezone = 'America/Sao_Paulo' WHERE id = 'st'`);
    ensureZoneOffsets(db);
    expect(row()).toMatchObject({ local_date: '2026-10-31', local_hour: 0 });

    const plan = (
      raw
        .prepare(
          `EXPLAIN QUERY PLAN SELECT customer_id, max(local_date), count(*), sum(net_cents) FROM analytics_sales
      INDEXED BY analytics_sales_rfm WHERE purchase = 1 AND customer_id IS NOT NULL AND local_date > ? AND local_date <= ? GROUP BY customer_id`,
        )
        .all('2025-10-31', '2026-10-31') as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('USING COVERING INDEX analytics_sales_rfm');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
