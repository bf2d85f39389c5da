import { describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import type { Balcao } from '../balcao';
import { newSession } from '../contract/context';
import { refreshSaleState } from './sale-state';
import { saleResult } from './sale.result';

/**
 * A new sale's state is written from the facts in hand (stateOfNewSale, issue 9 item 14): it
 * must equal what refreshSaleState derives from the stored facts, and the answer what
 * saleResult reads back.
 */
function stateRow(app: Balcao, saleId: string) {
  return app.db.raw
    .prepare(
      'SELECT status, total_cents, paid_cents, change_cents, refunded_cents, net_cents FROM sale_state WHERE sale_id = ?',
    )
    .get(saleId);
}

function historyCount(app: Balcao, saleId: string): number {
  return app.db.raw.prepare('SELECT count(*) FROM sale_status_history WHERE sale_id = ?').pluck().get(saleId) as number;
}

async function registered(data: Record<string, unknown>, before?: (app: Balcao) => void) {
  const { app, session } = await openStoreWithCatalog();
  before?.(app);
  const response = applyOk(app, session, 'register_sale', saleData(data));
  const saleId = response.transaction_id as string;
  const written = stateRow(app, saleId);
  const ctx = { db: app.db, session: newSession(true), clock: { now: () => new Date() } };
  const answered = { ...(response.result as Record<string, unknown>) };
  const fromFacts = app.db.transaction(() => {
    const status = refreshSaleState(ctx, saleId, 'recalculado', '2026-11-20T17:00:00.000Z');
    return { status, result: saleResult(ctx, saleId) };
  });
  return { app, saleId, written, answered, fromFacts, recomputed: stateRow(app, saleId) };
}

describe('the state of a sale written from its facts in hand', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['paid in full', {}, 'completa'],
    ['partly paid', { payments: [{ method: 'pix', amount: 10000 }] }, 'aguardando_pagamento'],
    ['unpaid', { payments: [] }, 'aguardando_pagamento'],
    ['cash with change', { payments: [{ method: 'dinheiro', amount: 40000 }] }, 'completa'],
  ];
  for (const [name, data, status] of cases) {
    it(`${name}: ${status}, the same as derived from the stored facts`, async () => {
      const { app, saleId, written, answered, fromFacts, recomputed } = await registered(data);
      expect(written).toMatchObject({ status });
      expect(recomputed).toEqual(written);
      expect(fromFacts.status).toBe(status);
      const { warnings: _w, ...figures } = fromFacts.result;
      expect(answered).toMatchObject({ ...figures, duplicate: false });
      // The recomputation found the same status, so it added no history row.
      expect(historyCount(app, saleId)).toBe(1);
    });
  }

  it('cash with change answers the change the stored payments hold (R$ 400,00 on R$ 349,60)', async () => {
    const { answered } = await registered({ payments: [{ method: 'dinheiro', amount: 40000 }] });
    expect(answered).toMatchObject({ total_cents: 34960, paid_cents: 34960, change_cents: 5040, net_cents: 34960 });
  });

  it('with a fiscal document required, a paid sale without one is aprovada', async () => {
    const { written, recomputed } = await registered({}, (app) => {
      app.db.raw
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sales.require_fiscal', 'true', 'now')")
        .run();
    });
    expect(written).toMatchObject({ status: 'aprovada' });
    expect(recomputed).toEqual(written);
  });
});
