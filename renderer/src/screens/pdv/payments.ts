import { PAYMENT_METHOD_LIST, type PaymentMethod } from '../../format';

export interface Tender {
  method: PaymentMethod;
  amount: number;
  installments: number;
  /** Crediário only: the first parcela's due date (YYYY-MM-DD) and the plan quoted for it. */
  firstDueDate?: string;
  plan?: CrediarioPlan;
}

/** What `payments.crediario_quote` showed before the crediário was added (total with interest). */
export interface CrediarioPlan {
  total_cents: number;
  interest_cents: number;
  installments: { number: number; due_date: string; amount_cents: number }[];
  needs_approval: boolean;
}

/** The methods the payment dialog offers, keys 1–7 in this order (crediário last). */
export const DIALOG_METHODS: PaymentMethod[] = [...PAYMENT_METHOD_LIST, 'crediario'];

/** A date `days` after today in this computer's calendar, YYYY-MM-DD (the crediário's default first due date). */
export function localDatePlus(days: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What is still due and the change, as the core computes it: only cash may exceed the total. */
export function paymentSums(total: number, tenders: Tender[]) {
  const sum = tenders.reduce((a, t) => a + t.amount, 0);
  const nonCash = tenders.filter((t) => t.method !== 'dinheiro').reduce((a, t) => a + t.amount, 0);
  return { sum, nonCash, remaining: Math.max(0, total - sum), change: Math.max(0, sum - total) };
}

/** 2027-01-10 → 10/01/2027. */
export function dayBR(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
