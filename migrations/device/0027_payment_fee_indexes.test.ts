import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

/** The device migrations up to and including 0027 (later ones are not this test's business). */
const UP_TO_0027 = Object.fromEntries(Object.entries(deviceMigrations).filter(([name]) => name < '0028'));

describe('0027_payment_fee_indexes', () => {
  it("reads the fees of a period's sales and its parcelas received from partial indexes", async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), UP_TO_0027);
    const plan = (sql: string) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(
      plan(
        `SELECT sale_id, sum(fee_cents) FROM payments INDEXED BY payments_fees WHERE sale_id = 's1' AND fee_cents > 0 AND declined = 0`,
      ),
    ).toContain('COVERING INDEX payments_fees (sale_id=?');
    expect(
      plan(`SELECT sale_id, fee_cents FROM installment_receipts INDEXED BY installment_receipts_fees
        WHERE occurred_at >= '2026-10-01' AND occurred_at < '2026-11-01' AND fee_cents > 0`),
    ).toContain('COVERING INDEX installment_receipts_fees (occurred_at>? AND occurred_at<?)');
    const indexes = raw
      .prepare("SELECT name, sql FROM sqlite_master WHERE name IN ('payments_fees', 'installment_receipts_fees')")
      .all() as { name: string; sql: string }[];
    expect(indexes.map((i) => i.name).sort()).toEqual(['installment_receipts_fees', 'payments_fees']);
    expect(indexes.find((i) => i.name === 'payments_fees')?.sql).toMatch(/WHERE fee_cents > 0 AND declined = 0$/);
  });
});
