import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalFromNumber, parseDecimalText } from './decimal-text';

describe('parseDecimalText', () => {
  it.each([
    ['12,34', 1234],
    ['12.34', 1234],
    ['12', 1200],
    ['12,3', 1230],
    ['R$ 7,00', 700],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.234', 123400],
    ['1.234.567', 123456700],
    ['0,99', 99],
    ['0.1', 10],
  ])('reads %s as %i centavos', (text, cents) => {
    expect(parseDecimalText(text, 2)).toBe(cents);
  });

  it.each(['', 'abc', '12,345', '-1', '1,2,3', '1.23.4', '12,', ',5', '1e3', '12.3.4,5', '1.2345,6', '12 34x'])(
    'refuses %j',
    (text) => {
      expect(parseDecimalText(text, 2)).toBeNull();
    },
  );

  it('reads quantities in thousandths', () => {
    expect(parseDecimalText('1,5', 3)).toBe(1500);
    expect(parseDecimalText('0,125', 3)).toBe(125);
    expect(parseDecimalText('10', 3)).toBe(10_000);
  });

  it('round-trips every amount written the Brazilian way and the dotted way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        const whole = Math.floor(cents / 100).toString();
        const frac = (cents % 100).toString().padStart(2, '0');
        const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        expect(parseDecimalText(`${grouped},${frac}`, 2)).toBe(cents);
        expect(parseDecimalText(`${whole}.${frac}`, 2)).toBe(cents);
      }),
    );
  });
});

describe('decimalFromNumber', () => {
  it.each([
    [89.69999999999999, 2, 8970],
    [29.9 * 3, 2, 8970],
    [10.9, 2, 1090],
    [0.1 + 0.2, 2, 30],
    [1.005, 2, 101],
    [0.125, 2, 13],
    [0.124, 2, 12],
    [12, 2, 1200],
    [0, 2, 0],
    [1.5, 3, 1500],
    [2.0004999, 3, 2000],
    [2.0005, 3, 2001],
    [1e-7, 2, 0],
    [5e-3, 2, 1],
    [1.23e5, 2, 12_300_000],
  ])('%d at scale %i is %i units', (value, scale, units) => {
    expect(decimalFromNumber(value, scale)).toBe(units);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 1e21])('refuses %d', (value) => {
    expect(decimalFromNumber(value, 2)).toBeNull();
  });

  it('gives back every centavo amount a spreadsheet holds as a float', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        expect(decimalFromNumber(cents / 100, 2)).toBe(cents);
      }),
    );
  });
});
