import { mod11CheckDigit } from './digits';

export interface NfeKeyParts {
  /** IBGE state code, e.g. "35" for SP. */
  uf: string;
  /** AAMM of the emission date, e.g. "2410". */
  yearMonth: string;
  /** Issuer CNPJ (may be alphanumeric from July 2026, or a zero-padded CPF). */
  cnpj: string;
  /** "55" NF-e, "65" NFC-e. */
  model: string;
  serie: string;
  number: string;
  emissionType: string;
  /** cNF, the random numeric code. */
  code: string;
  checkDigit: string;
}

// NT 2025.001 lets the CNPJ slot (positions 7–20) carry the alphanumeric CNPJ;
// every other position stays numeric.
const KEY_BODY = /^\d{6}[0-9A-Z]{14}\d{23}$/;
const FULL_KEY = /^\d{6}[0-9A-Z]{14}\d{24}$/;

/** Strips whitespace (keys are often printed in groups of 4) and uppercases. */
export function normalizeNfeKey(key: string): string {
  return key.replace(/\s+/g, '').toUpperCase();
}

/** Check digit for the first 43 characters: weights 2..9 cycling from the right, mod 11. */
export function nfeKeyCheckDigit(first43: string): number {
  const body = normalizeNfeKey(first43);
  if (!KEY_BODY.test(body)) {
    throw new RangeError(`NF-e key body must be 43 characters (digits, CNPJ slot may be A-Z), got "${first43}"`);
  }
  const values = [...body].map((char) => char.charCodeAt(0) - 48);
  const weights = values.map((_, i) => 2 + ((values.length - 1 - i) % 8));
  return mod11CheckDigit(values, weights);
}

export function isValidNfeKey(key: string): boolean {
  const k = normalizeNfeKey(key);
  if (!FULL_KEY.test(k)) return false;
  return nfeKeyCheckDigit(k.slice(0, 43)) === Number(k.slice(43));
}

/** Splits a key into its fields. Throws when the key is malformed or its check digit is wrong. */
export function parseNfeKey(key: string): NfeKeyParts {
  const k = normalizeNfeKey(key);
  if (!FULL_KEY.test(k)) {
    throw new Error(`NF-e key must have 44 characters, got ${k.length} in "${key}"`);
  }
  const expected = nfeKeyCheckDigit(k.slice(0, 43));
  if (expected !== Number(k.slice(43))) {
    throw new Error(`NF-e key check digit is ${k.slice(43)}, expected ${expected}`);
  }
  return {
    uf: k.slice(0, 2),
    yearMonth: k.slice(2, 6),
    cnpj: k.slice(6, 20),
    model: k.slice(20, 22),
    serie: k.slice(22, 25),
    number: k.slice(25, 34),
    emissionType: k.slice(34, 35),
    code: k.slice(35, 43),
    checkDigit: k.slice(43),
  };
}
