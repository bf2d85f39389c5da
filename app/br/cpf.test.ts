import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpfCheckDigits, formatCpf, isValidCpf, normalizeCpf } from './cpf';

const cpfBase = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => digits.join(''))
  .filter((base) => !/^(\d)\1{8}$/.test(base));
const validCpf = cpfBase.map((base) => base + cpfCheckDigits(base));

describe('isValidCpf', () => {
  it.each(['529.982.247-25', '52998224725', '111.444.777-35', '11144477735', ' 529.982.247-25 '])(
    'accepts %s',
    (cpf) => {
      expect(isValidCpf(cpf)).toBe(true);
    },
  );

  it.each(['529.982.247-24', '529.982.247-35', '11144477736'])('rejects wrong check digits in %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });

  it.each(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])('rejects the repeated sequence of %s', (digit) => {
    const digits = digit.repeat(11);
    expect(isValidCpf(digits)).toBe(false);
    expect(isValidCpf(formatCpf(digits))).toBe(false);
  });

  it.each(['', '5299822472', '529982247250', '529.982.247-2', '0529.982.247-25'])(
    'rejects the wrong length %s',
    (cpf) => {
      expect(isValidCpf(cpf)).toBe(false);
    },
  );

  it.each(['529.982.247-2a', 'CPF 52998224725', '529/982/247-25'])('rejects foreign characters in %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });

  it.each(['11 98765-4374', '(11) 98765-4374', '1198765-4374', '119 8765 4374', '529 982 247 25'])(
    'never reads phone-like text as a CPF, though %s has valid CPF digits',
    (text) => {
      expect(isValidCpf(text.replace(/\D/g, ''))).toBe(true);
      expect(isValidCpf(text)).toBe(false);
    },
  );
});

describe('cpfCheckDigits', () => {
  it('computes both check digits', () => {
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(cpfCheckDigits('111444777')).toBe('35');
  });

  it('rejects anything but 9 digits', () => {
    expect(() => cpfCheckDigits('52998224')).toThrow(/9 digits/);
    expect(() => cpfCheckDigits('52998224a')).toThrow(RangeError);
  });
});

describe('formatCpf / normalizeCpf', () => {
  it('formats 11 digits', () => {
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
    expect(formatCpf('529.982.247-25')).toBe('529.982.247-25');
  });

  it('throws when there are not 11 digits', () => {
    expect(() => formatCpf('5299822472')).toThrow(/11 digits/);
    expect(() => formatCpf('')).toThrow(RangeError);
  });

  it('normalizes to digits only', () => {
    expect(normalizeCpf(' 529.982.247-25 ')).toBe('52998224725');
  });
});

describe('CPF properties', () => {
  it('generated CPFs validate and round-trip through format/normalize', () => {
    fc.assert(
      fc.property(validCpf, (cpf) => {
        const formatted = formatCpf(cpf);
        expect(formatted).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
        expect(normalizeCpf(formatted)).toBe(cpf);
        expect(isValidCpf(cpf)).toBe(true);
        expect(isValidCpf(formatted)).toBe(true);
      }),
    );
  });

  it('changing the last check digit always invalidates', () => {
    fc.assert(
      fc.property(validCpf, fc.integer({ min: 1, max: 9 }), (cpf, delta) => {
        const last = (Number(cpf.slice(10)) + delta) % 10;
        expect(isValidCpf(cpf.slice(0, 10) + String(last))).toBe(false);
      }),
    );
  });
});
