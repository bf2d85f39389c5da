import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { divRoundHalfUp } from '../money/money';
import { insertRow } from '../sync/outbox';

/**
 * Session packages (issue 11): a product of kind `package` names a procedure
 * (`package_procedure_id`) and a number of sessions (`package_sessions`). The balance is the
 * ledger `package_movements`, never an overwritten number: +N when sold (`purchase`), −1 per
 * `realizado` appointment of that procedure (`consume`), −unused when returned (`return`) or the
 * sale is cancelled (`cancel`). This module imports no sales code, so sales may call it.
 */
interface PurchaseBalance {
  purchase_id: string;
  package_product_id: string;
  procedure_product_id: string;
  total: number;
  remaining: number;
  occurred_at: string;
}

function purchases(ctx: Context, where: { customerId?: string; saleItemId?: string; procedureId?: string }) {
  let q = ctx.db.q
    .selectFrom('package_movements as p')
    .select([
      'p.id as purchase_id',
      'p.package_product_id',
      'p.procedure_product_id',
      'p.sessions as total',
      'p.occurred_at',
      (eb) =>
        eb
          .selectFrom('package_movements as m')
          .select((e) => e.fn.sum<number>('m.sessions').as('s'))
          .whereRef('m.purchase_id', '=', 'p.id')
          .as('remaining'),
    ])
    .where('p.kind', '=', 'purchase');
  if (where.customerId) q = q.where('p.customer_id', '=', where.customerId);
  if (where.saleItemId) q = q.where('p.sale_item_id', '=', where.saleItemId);
  if (where.procedureId) q = q.where('p.procedure_product_id', '=', where.procedureId);
  return ctx.db
    .all(q.orderBy('p.occurred_at').orderBy('p.id'))
    .map((r) => ({ ...r, remaining: Number(r.remaining ?? 0) })) as PurchaseBalance[];
}

/**
 * Gives the sale's patient the sessions of every package line (sessions × whole quantity).
 * A package sold without a patient is refused (`customer_required`): nobody would hold the balance.
 */
export function recordPackagePurchases(ctx: Context, saleId: string, customerId: string | null, at: string): void {
  const lines = ctx.db.all(
    ctx.db.q
      .selectFrom('sale_items as i')
      .innerJoin('variants as v', 'v.id', 'i.variant_id')
      .innerJoin('products as pr', 'pr.id', 'v.product_id')
      .select([
        'i.id',
        'i.qty_milli',
        'pr.id as product_id',
        'pr.package_procedure_id',
        'pr.package_sessions',
        'pr.name',
      ])
      .where('i.sale_id', '=', saleId)
      .where('pr.kind', '=', 'package'),
  );
  for (const line of lines) {
    if (!customerId) {
      throw new AppError(
        'customer_required',
        `Package ${line.name} sold without a customer`,
        `O pacote ${line.name} precisa de um paciente na venda (o saldo de sessões fica com ele).`,
      );
    }
    if (!line.package_procedure_id || !line.package_sessions) {
      throw new AppError(
        'package_incomplete',
        `Package ${line.name} has no procedure or sessions`,
        `O pacote ${line.name} não diz o procedimento e o número de sessões.`,
      );
    }
    const id = newId();
    insertRow(ctx, 'package_movements', {
      id,
      customer_id: customerId,
      purchase_id: id,
      package_product_id: line.product_id,
      procedure_product_id: line.package_procedure_id,
      kind: 'purchase',
      sessions: line.package_sessions * Math.floor(line.qty_milli / 1000),
      sale_item_id: line.id,
      appointment_id: null,
      return_id: null,
      occurred_at: at,
      created_by: ctx.session.userId,
      created_at: ctx.clock.now().toISOString(),
    });
  }
}

/** Consumes one session of the oldest package of the appointment's patient and procedure; its id, or null. */
export function consumeSessionFor(
  ctx: Context,
  appointment: { id: string; customer_id: string; product_id: string },
): string | null {
  const open = purchases(ctx, { customerId: appointment.customer_id, procedureId: appointment.product_id }).find(
    (p) => p.remaining > 0,
  );
  if (!open) return null;
  insertMovement(ctx, open, 'consume', -1, { appointment_id: appointment.id });
  return open.purchase_id;
}

/**
 * A package line's refund, commission and margin are proportional to its unused sessions:
 * amount × unused / total, half up (issue 11). Other lines keep `amount`.
 */
export function packageShare(ctx: Context, saleItemId: string, kind: string, amount: number): number {
  if (kind !== 'package') return amount;
  const [p] = purchases(ctx, { saleItemId });
  if (!p || p.total <= 0) return amount;
  return divRoundHalfUp(amount * p.remaining, p.total);
}

/** Takes a returned (`return`) or cancelled (`cancel`) line's unused sessions off the balance. */
export function closePackages(
  ctx: Context,
  saleItemIds: readonly string[],
  kind: 'return' | 'cancel',
  refs: { return_id?: string },
): void {
  for (const saleItemId of saleItemIds) {
    for (const p of purchases(ctx, { saleItemId })) {
      if (p.remaining > 0) insertMovement(ctx, p, kind, -p.remaining, refs);
    }
  }
}

function insertMovement(
  ctx: Context,
  p: PurchaseBalance,
  kind: 'consume' | 'return' | 'cancel',
  sessions: number,
  refs: { appointment_id?: string; return_id?: string },
): void {
  const customer = ctx.db.first(
    ctx.db.q.selectFrom('package_movements').select('customer_id').where('id', '=', p.purchase_id),
  );
  const now = ctx.clock.now().toISOString();
  insertRow(ctx, 'package_movements', {
    id: newId(),
    customer_id: customer?.customer_id ?? '',
    purchase_id: p.purchase_id,
    package_product_id: p.package_product_id,
    procedure_product_id: p.procedure_product_id,
    kind,
    sessions,
    sale_item_id: null,
    appointment_id: refs.appointment_id ?? null,
    return_id: refs.return_id ?? null,
    occurred_at: now,
    created_by: ctx.session.userId,
    created_at: now,
  });
}

/** A patient's packages: each purchase with its total, remaining sessions and movements. */
export function packageBalances(ctx: Context, customerId: string) {
  const list = purchases(ctx, { customerId });
  const names = new Map(
    ctx.db
      .all(
        ctx.db.q
          .selectFrom('products')
          .select(['id', 'name', 'external_id'])
          .where('kind', 'in', ['package', 'service']),
      )
      .map((p) => [p.id, p]),
  );
  return list.map((p) => ({
    purchase_id: p.purchase_id,
    package: names.get(p.package_product_id)?.name ?? '',
    procedure: names.get(p.procedure_product_id)?.name ?? '',
    procedure_external_id: names.get(p.procedure_product_id)?.external_id ?? null,
    total: p.total,
    remaining: p.remaining,
    purchased_at: p.occurred_at,
    movements: ctx.db.all(
      ctx.db.q
        .selectFrom('package_movements')
        .select(['kind', 'sessions', 'appointment_id', 'return_id', 'occurred_at'])
        .where('purchase_id', '=', p.purchase_id)
        .orderBy('occurred_at')
        .orderBy('id'),
    ),
  }));
}
