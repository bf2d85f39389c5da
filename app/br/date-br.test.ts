import { describe, expect, it } from 'vitest';
import { formatDateBR } from './date-br';
import { formatDateBR as fromPayments } from '../payments/dates';

describe('formatDateBR', () => {
  it('writes calendar dates and local date-times the Brazilian way', () => {
    expect(formatDateBR('2026-11-30')).toBe('30/11/2026');
    expect(formatDateBR('2026-10-31 14:05')).toBe('31/10/2026 14:05');
    expect(formatDateBR('2026-10-31 14:05:59')).toBe('31/10/2026 14:05');
    expect(formatDateBR('2026-01-02T08:09:10')).toBe('02/01/2026 08:09');
  });

  it('is the same function the payments module re-exports (one formatter)', () => {
    expect(fromPayments).toBe(formatDateBR);
  });
});
