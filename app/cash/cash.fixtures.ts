import { hashPin } from '../auth/pin';
import type { Role } from '../auth/roles';
import type { Balcao } from '../balcao';
import { newSession, type Context, type Session } from '../contract/context';
import { newId } from '../db/ids';
import type { PaymentMethod } from '../db/schema';
import { insertRow } from '../sync/outbox';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { findOpenCashSession } from './cash.queries';

/* Fixtures shared by the cash tests (imported only by *.test.ts). */

export function ctxOf(app: Balcao, session: Session): Context {
  return { db: app.db, session, clock: { now: () => new Date() } };
}

export function addUser(app: Balcao, login: string, role: Role, pin: string): string {
  const id = newId();
  app.db.transaction(() =>
    insertRow(ctxOf(app, newSession(true)), 'users', {
      id,
      name: `Usuário ${login}`,
      login,
      role,
      pin_hash: hashPin(pin),
      created_at: new Date().toISOString(),
    }),
  );
  return id;
}

export async function setUp() {
  const { app, session: owner } = await openSetUpApp();
  const managerId = addUser(app, 'gerente', 'manager', '5678');
  addUser(app, 'caixa', 'cashier', '1111');
  const cashier = newSession();
  expectOk(app.dispatch('auth.login', { login: 'caixa', pin: '1111' }, cashier));
  const registerId = owner.registerId ?? '';
  const storeId = app.db.raw.prepare("SELECT id FROM stores WHERE code = 'LJ01'").pluck().get() as string;
  return { app, owner, cashier, managerId, registerId, storeId };
}
export type Harness = Awaited<ReturnType<typeof setUp>>;

let saleSeq = 0;
/** A minimal sale with its payments, written as the sales service writes them, for exact sums. */
export function recordSale(
  h: Harness,
  payments: { method: PaymentMethod; amount: number; tendered?: number; change?: number }[],
): string {
  const ctx = ctxOf(h.app, h.cashier);
  const sessionId = findOpenCashSession(h.app.db, h.registerId)?.id ?? null;
  const saleId = newId();
  const now = new Date().toISOString();
  const total = payments.reduce((a, p) => a + p.amount, 0);
  saleSeq += 1;
  h.app.db.transaction(() => {
    insertRow(ctx, 'sales', {
      id: saleId,
      external_id: `T-${saleSeq}-${saleId}`,
      number: `LJ01-CX1-${saleSeq}-${saleId}`,
      seq: saleSeq,
      store_id: h.storeId,
      register_id: h.registerId,
      channel: 'loja',
      occurred_at: now,
      subtotal_cents: total,
      line_discount_cents: 0,
      order_discount_cents: 0,
      total_cents: total,
      created_at: now,
    });
    for (const p of payments) {
      insertRow(ctx, 'payments', {
        id: newId(),
        sale_id: saleId,
        method: p.method,
        amount_cents: p.amount,
        tendered_cents: p.tendered ?? p.amount,
        change_cents: p.change ?? 0,
        installments: 1,
        register_id: h.registerId,
        cash_session_id: sessionId,
        occurred_at: now,
        created_at: now,
      });
    }
  });
  return saleId;
}

export function recordCancellation(h: Harness, saleId: string, cashRefund: number): void {
  const now = new Date().toISOString();
  h.app.db.transaction(() =>
    insertRow(ctxOf(h.app, h.cashier), 'cancellations', {
      id: newId(),
      sale_id: saleId,
      reason: 'cliente desistiu',
      refund_cents: cashRefund,
      cash_refund_cents: cashRefund,
      cash_session_id: findOpenCashSession(h.app.db, h.registerId)?.id ?? null,
      occurred_at: now,
      created_at: now,
    }),
  );
}

export function recordReturn(
  h: Harness,
  saleId: string,
  method: 'dinheiro' | 'original' | 'credito_loja',
  refund: number,
) {
  const now = new Date().toISOString();
  h.app.db.transaction(() =>
    insertRow(ctxOf(h.app, h.cashier), 'returns', {
      id: newId(),
      sale_id: saleId,
      reason: 'tamanho errado',
      condition: 'revenda',
      refund_method: method,
      refund_cents: refund,
      // As the sales service splits it: the sales returned here were paid in cash only.
      cash_refund_cents: method === 'credito_loja' ? 0 : refund,
      store_credit_cents: method === 'credito_loja' ? refund : 0,
      cash_session_id: findOpenCashSession(h.app.db, h.registerId)?.id ?? null,
      occurred_at: now,
      created_at: now,
    }),
  );
}

/** Opens with R$ 100,00 and makes the drawer expect exactly R$ 90,50. */
export function busyDay(h: Harness) {
  const { app, cashier } = h;
  expectOk(app.dispatch('cash.open', { opening_float_cents: 10000 }, cashier));
  const s1 = recordSale(h, [{ method: 'dinheiro', amount: 3550, tendered: 5000, change: 1450 }]);
  recordSale(h, [
    { method: 'pix', amount: 3000 },
    { method: 'cartao_debito', amount: 5000 },
  ]);
  const s3 = recordSale(h, [{ method: 'dinheiro', amount: 2000 }]);
  expectOk(app.dispatch('cash.movement', { kind: 'suprimento', amount_cents: 5000, reason: 'troco extra' }, cashier));
  expectOk(
    app.dispatch('cash.movement', { kind: 'sangria', amount_cents: 8000, reason: 'depósito no banco' }, cashier),
  );
  recordCancellation(h, s3, 2000);
  recordReturn(h, s1, 'dinheiro', 1000);
  recordReturn(h, s1, 'original', 500);
}

export function outboxCount(app: Balcao, table: string): number {
  return app.db.raw.prepare('SELECT count(*) FROM sync_outbox WHERE table_name = ?').pluck().get(table) as number;
}
