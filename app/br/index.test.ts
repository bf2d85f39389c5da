import { describe, expect, it } from 'vitest';
import * as br from './index';

describe('app/br index', () => {
  it('re-exports the public helpers', () => {
    const names = [
      'isValidCpf',
      'formatCpf',
      'normalizeCpf',
      'cpfCheckDigits',
      'isValidCnpj',
      'formatCnpj',
      'normalizeCnpj',
      'cnpjCheckDigits',
      'cnpjCharValue',
      'isValidNfeKey',
      'parseNfeKey',
      'nfeKeyCheckDigit',
      'normalizeNfeKey',
      'buildPixPayload',
      'parsePixPayload',
      'decodePixPayload',
      'parseTlv',
      'crc16ccittFalse',
      'pixKeyType',
      'isValidPixKey',
      'onlyDigits',
      'isRepeatedChar',
      'descendingWeights',
      'mod11CheckDigit',
      'isValidGtin',
      'gtinCheckDigit',
      'normalizePhoneBR',
      'readPixKey',
    ];
    for (const name of names) {
      expect(typeof (br as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
