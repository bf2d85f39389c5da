import { describe, expect, it } from 'vitest';
import { parseCartQty } from './cart';

describe('a quantity typed in the cart', () => {
  it('accepts up to three decimals, including ones floating point cannot hold exactly', () => {
    expect(parseCartQty('2')).toBe(2);
    expect(parseCartQty('1,001')).toBe(1.001);
    expect(parseCartQty('1,005')).toBe(1.005);
    expect(parseCartQty('0,25')).toBe(0.25);
  });

  it('refuses zero, negatives, a fourth decimal and text, in Portuguese', () => {
    expect(parseCartQty('0')).toBe('A quantidade deve ser maior que zero.');
    expect(parseCartQty('-1')).toBe('A quantidade deve ser maior que zero.');
    expect(parseCartQty('1,0001')).toBe('Use no máximo 3 casas decimais na quantidade.');
    expect(parseCartQty('dois')).toBe('Quantidade inválida.');
  });
});
