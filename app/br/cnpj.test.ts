import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnpjCharValue, cnpjCheckDigits, formatCnpj, isValidCnpj, normalizeCnpj } from './cnpj';

const ALNUM = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const cnpjBase = fc.array(fc.constantFrom(...ALNUM), { minLength: 12, maxLength: 12 }).map((chars) => chars.join(''));
const validCnpj = cnpjBase.map((base) => base + cnpjCheckDigits(base)).filter((c) => !/^(.)\1{13}$/.test(c));

describe('isValidCnpj — numeric', () => {
  it.each(['11.222.333/0001-81', '11222333000181', '05.883.509/0002-24', '00.394.460/0058-87'])(
    'accepts %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(true);
    },
  );

  it.each(['11.222.333/0001-82', '11.222.333/0001-91', '05883509000225'])(
    'rejects wrong check digits in %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(false);
    },
  );

  it.each(['00000000000000', '11111111111111', '99.999.999/9999-99'])('rejects the repeated sequence %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(false);
  });

  it.each(['', '1122233300018', '112223330001811', '11.222.333/0001-8'])('rejects the wrong length %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(false);
  });
});

describe('isValidCnpj — alphanumeric (from July 2026)', () => {
  it.each(['12.ABC.345/01DE-35', '12ABC34501DE35', '12.abc.345/01de-35'])(
    'accepts the Receita Federal example as %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(true);
    },
  );

  it.each(['12.ABC.345/01DE-36', '12.ABD.345/01DE-35', '12.ABC.345/01DE-3A', '12ABC34501DEAB'])(
    'rejects %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(false);
    },
  );

  it.each(['12.ABÇ.345/01DE-35', '12.ABC.345/01DE-35!', '12_ABC_345_01DE_35'])(
    'rejects foreign characters in %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(false);
    },
  );
});

describe('cnpjCheckDigits / cnpjCharValue', () => {
  it('values characters as ASCII code minus 48', () => {
    expect(cnpjCharValue('0')).toBe(0);
    expect(cnpjCharValue('9')).toBe(9);
    expect(cnpjCharValue('A')).toBe(17);
    expect(cnpjCharValue('Z')).toBe(42);
  });

  it('computes check digits for numeric and alphanumeric bases', () => {
    expect(cnpjCheckDigits('112223330001')).toBe('81');
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(cnpjCheckDigits('12abc34501de')).toBe('35');
  });

  it('rejects bases that are not 12 characters 0-9/A-Z', () => {
    expect(() => cnpjCheckDigits('12ABC34501D')).toThrow(/12 characters/);
    expect(() => cnpjCheckDigits('12ABC34501D-')).toThrow(RangeError);
  });
});

describe('formatCnpj / normalizeCnpj', () => {
  it('formats as XX.XXX.XXX/XXXX-XX', () => {
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('12.ABC.345/01DE-35')).toBe('12.ABC.345/01DE-35');
  });

  it('throws when there are not 14 characters', () => {
    expect(() => formatCnpj('1122233300018')).toThrow(/14 characters/);
  });

  it('uppercases and strips punctuation', () => {
    expect(normalizeCnpj(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
  });
});

describe('CNPJ properties', () => {
  it('generated alphanumeric CNPJs validate and round-trip through format/normalize', () => {
    fc.assert(
      fc.property(validCnpj, (cnpj) => {
        const formatted = formatCnpj(cnpj);
        expect(formatted).toMatch(/^[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/[0-9A-Z]{4}-\d{2}$/);
        expect(normalizeCnpj(formatted)).toBe(cnpj);
        expect(isValidCnpj(formatted)).toBe(true);
        expect(isValidCnpj(formatted.toLowerCase())).toBe(true);
      }),
    );
  });

  it('changing the last check digit always invalidates', () => {
    fc.assert(
      fc.property(validCnpj, fc.integer({ min: 1, max: 9 }), (cnpj, delta) => {
        const last = (Number(cnpj.slice(13)) + delta) % 10;
        expect(isValidCnpj(cnpj.slice(0, 13) + String(last))).toBe(false);
      }),
    );
  });
});
