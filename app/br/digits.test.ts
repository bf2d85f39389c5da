import { describe, expect, it } from 'vitest';
import { descendingWeights, isRepeatedChar, mod11CheckDigit, onlyDigits } from './digits';

describe('onlyDigits', () => {
  it('drops everything that is not 0-9', () => {
    expect(onlyDigits('529.982.247-25')).toBe('52998224725');
    expect(onlyDigits(' a1b2 c3 ')).toBe('123');
    expect(onlyDigits('')).toBe('');
  });
});

describe('isRepeatedChar', () => {
  it('is true only for a non-empty run of one character', () => {
    expect(isRepeatedChar('1111')).toBe(true);
    expect(isRepeatedChar('1121')).toBe(false);
    expect(isRepeatedChar('')).toBe(false);
  });
});

describe('descendingWeights', () => {
  it('counts down to 2', () => {
    expect(descendingWeights(10)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(descendingWeights(2)).toEqual([2]);
  });
});

describe('mod11CheckDigit', () => {
  it('maps remainders 0 and 1 to 0 and others to 11 - remainder', () => {
    expect(mod11CheckDigit([0], [2])).toBe(0);
    expect(mod11CheckDigit([6], [2])).toBe(0); // 12 % 11 = 1
    expect(mod11CheckDigit([1], [2])).toBe(9); // 2 % 11 = 2
    expect(mod11CheckDigit([5], [2])).toBe(1); // 10 % 11 = 10
  });

  it('rejects mismatched lengths', () => {
    expect(() => mod11CheckDigit([1, 2], [2])).toThrow(RangeError);
  });
});
