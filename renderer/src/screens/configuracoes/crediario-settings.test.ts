import { describe, expect, it } from 'vitest';
import { percentToBp } from './CrediarioSettings';

describe('percentToBp', () => {
  it('reads pt-BR percentages into whole basis points', () => {
    expect(percentToBp('2')).toBe(200);
    expect(percentToBp('2,5')).toBe(250);
    expect(percentToBp('0,33 %')).toBe(33);
    expect(percentToBp('1.19%')).toBe(119);
    expect(percentToBp('100')).toBe(10_000);
  });

  it('refuses what is not a rate of 0–100 % with at most two decimals', () => {
    for (const bad of ['', 'abc', '-1', '100,01', '1,234', '1000']) expect(percentToBp(bad)).toBeNull();
  });
});
