import { describe, expect, it } from 'vitest';
import { dayBR, DIALOG_METHODS, localDatePlus, paymentSums } from './payments';

describe('payment dialog helpers', () => {
  it('keys 1–7: the six methods, then crediário', () => {
    expect(DIALOG_METHODS).toEqual([
      'dinheiro',
      'pix',
      'cartao_debito',
      'cartao_credito',
      'boleto',
      'credito_loja',
      'crediario',
    ]);
  });

  it('proposes the first due date 30 calendar days ahead, across month ends', () => {
    expect(localDatePlus(30, new Date(2026, 0, 31, 23, 59))).toBe('2026-03-02');
    expect(localDatePlus(30, new Date(2026, 11, 15, 0, 1))).toBe('2027-01-14');
    expect(dayBR('2027-01-14')).toBe('14/01/2027');
  });

  it('a crediário tender counts as non-cash: it may not exceed what is due', () => {
    const sums = paymentSums(29990, [
      { method: 'crediario', amount: 29990, installments: 3, firstDueDate: '2027-01-14' },
    ]);
    expect(sums).toEqual({ sum: 29990, nonCash: 29990, remaining: 0, change: 0 });
  });
});
