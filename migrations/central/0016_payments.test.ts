import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CentralDb } from '../../sync-server/db/schema';
import { describeEngines, migratedCentral } from '../../sync-server/testing';

describeEngines('central 0016_payments', (engine) => {
  let db: Kysely<CentralDb>;
  beforeAll(async () => {
    db = await migratedCentral(engine, '0016_payments');
  }, 120_000);

  it('admits crediário and a tender that is all change, and keeps the new CHECKs', async () => {
    const pay = (id: string, method: string, amount: number) =>
      sql.raw(`INSERT INTO payments (tenant_id, id, sale_id, method, amount_cents, tendered_cents, occurred_at, created_at, store_id, device_id)
        VALUES ('t1', '${id}', 's1', '${method}', ${amount}, ${amount}, 'x', 'x', 'st', 'd1')`);
    await pay('p1', 'crediario', 1000).execute(db);
    await pay('p2', 'dinheiro', 0).execute(db);
    await expect(pay('p3', 'cheque', 10).execute(db)).rejects.toThrow(/check/i);
    const { rows } = await sql<{
      fee_cents: string;
      declined: string;
    }>`SELECT fee_cents, declined FROM payments WHERE id = 'p1'`.execute(db);
    expect(rows.map((r) => [Number(r.fee_cents), Number(r.declined)])).toEqual([[0, 0]]);
    await expect(
      sql`INSERT INTO crediario_installments (tenant_id, id, sale_id, payment_id, customer_id, number, count, due_date,
        principal_cents, amount_cents, status, created_at, updated_at, store_id, device_id)
        VALUES ('t1', 'i1', 's1', 'p1', 'c1', 1, 1, '2026-12-20', 1000, 1000, 'vencida', 'x', 'x', 'st', 'd1')`.execute(
        db,
      ),
    ).rejects.toThrow(/check/i);
  });

  it('puts every payments table under row-level security', async () => {
    const { rows } = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relrowsecurity AND relname IN ('payment_fee_rules', 'payment_settlements',
        'crediario_installments', 'installment_receipts', 'chargebacks', 'sale_expirations', 'crediario_limits')
      ORDER BY relname`.execute(db);
    expect(rows.map((r) => r.relname)).toEqual([
      'chargebacks',
      'crediario_installments',
      'crediario_limits',
      'installment_receipts',
      'payment_fee_rules',
      'payment_settlements',
      'sale_expirations',
    ]);
  });
});
