import type { Context } from '../contract/context';

export interface MethodFees {
  method: string;
  /** Σ applied to sales plus parcelas received, in this method (centavos). */
  gross_cents: number;
  /** Σ fees copied onto those payments. */
  fee_cents: number;
  net_cents: number;
}

/**
 * A cash session's gross, fees and net per method (issue 17): the sales' payments (declined
 * ones never, crediário as sold on credit) plus the crediário parcelas received at this caixa
 * (with their late charges), each with the fee copied when it was recorded.
 */
export function sessionFeesByMethod(ctx: Context, sessionId: string): MethodFees[] {
  const rows = ctx.db
    .statement(
      `SELECT method, sum(gross) AS gross_cents, sum(fee) AS fee_cents FROM (
         SELECT method, amount_cents AS gross, fee_cents AS fee FROM payments
          WHERE cash_session_id = ? AND declined = 0
         UNION ALL
         SELECT method, total_cents, fee_cents FROM installment_receipts WHERE cash_session_id = ?
       ) GROUP BY method ORDER BY method`,
    )
    .all(sessionId, sessionId) as { method: string; gross_cents: number; fee_cents: number }[];
  return rows.map((r) => ({ ...r, net_cents: r.gross_cents - r.fee_cents }));
}
