import { describe, expect, it } from 'vitest';
import { formatVariation, monthEnd, presetPeriod } from './period';

describe('Dashboard period picker', () => {
  it('turns presets into local date ranges', () => {
    expect(presetPeriod('hoje', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(presetPeriod('7d', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(presetPeriod('30d', '2026-03-03')).toEqual({ from: '2026-02-02', to: '2026-03-03' });
    expect(presetPeriod('mes', '2026-03-17')).toEqual({ from: '2026-03-01', to: '2026-03-17' });
    expect(presetPeriod('mes_passado', '2026-03-17')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('mes_passado', '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('ano', '2026-03-17')).toEqual({ from: '2026-01-01', to: '2026-03-17' });
    expect(monthEnd('2028-02-10')).toBe('2028-02-29');
  });

  it('shows variations with a sign, one decimal, and a dash without a base', () => {
    expect(formatVariation(12.3)).toBe('+12,3%');
    expect(formatVariation(-4)).toBe('−4%');
    expect(formatVariation(0)).toBe('0%');
    expect(formatVariation(null)).toBe('—');
  });
});

describe('today in the store zone', () => {
  it('is the local date of the zone, not of UTC', async () => {
    const { todayIn } = await import('./period');
    // 02:30 UTC on Nov 1 is still Oct 31 in São Paulo (UTC−3).
    expect(todayIn('America/Sao_Paulo', new Date('2026-11-01T02:30:00Z'))).toBe('2026-10-31');
    expect(todayIn('UTC', new Date('2026-11-01T02:30:00Z'))).toBe('2026-11-01');
  });
});

describe('instants to the minute', () => {
  it('shows day and time in the store zone', async () => {
    const { formatMinute } = await import('./period');
    expect(formatMinute('2026-11-30T15:05:00.000Z', 'America/Sao_Paulo')).toBe('30/11/2026 12:05');
    expect(formatMinute('2026-11-30T15:05:00.000Z', 'America/Manaus')).toBe('30/11/2026 11:05');
  });
});
