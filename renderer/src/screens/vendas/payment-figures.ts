/** The stored money of one payment row (`payments`: integer centavos). */
export interface PaymentMoney {
  amount_cents: number;
  tendered_cents: number;
  change_cents: number;
}

/** What the detail shows for one payment: given, applied to the sale and change (centavos). */
export interface PaymentFigures {
  tendered_cents: number;
  applied_cents: number;
  change_cents: number;
  /** Given differs from applied (change was made): show the three figures, not just one. */
  split: boolean;
}

/**
 * A payment as the customer handed it over: `tendered_cents` given, `amount_cents` applied to the
 * sale, `change_cents` back. A cash tender that was all change is applied R$ 0,00 but still shows
 * what was given (see "Tenders, refunds, the drawer and balances" in ARCHITECTURE.md). Rows from
 * before tenders were stored (tendered 0) count as given = applied + change.
 */
export function paymentFigures(p: PaymentMoney): PaymentFigures {
  const tendered = p.tendered_cents > 0 ? p.tendered_cents : p.amount_cents + p.change_cents;
  return {
    tendered_cents: tendered,
    applied_cents: p.amount_cents,
    change_cents: p.change_cents,
    split: tendered !== p.amount_cents || p.change_cents > 0,
  };
}
