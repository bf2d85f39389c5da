import { describe, expect, it } from 'vitest';
import { parseIsoList } from './iso-list';

describe('parseIsoList', () => {
  it('reads canonical UTC texts to the millisecond, across months, leap days and years', () => {
    const items = [
      '2026-12-01T11:07:09.123Z',
      '2027-03-01T00:00:00.999Z',
      '2028-02-29T23:59:59.001Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
    ];
    expect(parseIsoList(items.join(','))).toEqual([1796123229123, 1803859200999, 1835481599001, 0, -1]);
  });

  it('falls back to Date.parse for any other shape, so offsets still count', () => {
    expect(parseIsoList('2026-12-01T08:00:00-03:00,2026-12-01T11:30:00.000Z')).toEqual([
      Date.parse('2026-12-01T11:00:00Z'),
      Date.parse('2026-12-01T11:30:00Z'),
    ]);
    // Same length as a canonical list, but an impossible month: read by Date.parse (NaN), not guessed.
    expect(parseIsoList('2026-13-01T11:00:00.000Z')).toEqual([Number.NaN]);
    expect(parseIsoList('')).toEqual([]);
  });
});
