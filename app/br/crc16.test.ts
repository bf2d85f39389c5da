import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16ccittFalse } from './crc16';

describe('crc16ccittFalse', () => {
  it('matches the CRC-16/CCITT-FALSE check value for "123456789"', () => {
    expect(crc16ccittFalse('123456789')).toBe('29B1');
  });

  it('matches other known values', () => {
    expect(crc16ccittFalse('')).toBe('FFFF');
    expect(crc16ccittFalse('A')).toBe('B915');
  });

  it('always returns 4 uppercase hex characters', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(crc16ccittFalse(s)).toMatch(/^[0-9A-F]{4}$/);
      }),
    );
  });
});
