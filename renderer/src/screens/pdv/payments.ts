import type { PaymentMethod } from '../../format';

export interface Tender {
  method: PaymentMethod;
  amount: number;
  installments: number;
}

/** What is still due and the change, as the core computes it: only cash may exceed the total. */
export function paymentSums(total: number, tenders: Tender[]) {
  const sum = tenders.reduce((a, t) => a + t.amount, 0);
  const nonCash = tenders.filter((t) => t.method !== 'dinheiro').reduce((a, t) => a + t.amount, 0);
  return { sum, nonCash, remaining: Math.max(0, total - sum), change: Math.max(0, sum - total) };
}
