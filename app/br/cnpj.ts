import { isRepeatedChar, mod11CheckDigit } from './digits';

const CNPJ_ALLOWED_CHARS = /^[0-9A-Za-z./\-\s]*$/;
const CNPJ_SHAPE = /^[0-9A-Z]{12}\d{2}$/;
const FIRST_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const SECOND_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * Receita Federal's rule for the alphanumeric CNPJ (from July 2026): each
 * character is worth its ASCII code minus 48, so digits keep their value and
 * A–Z become 17–42.
 */
export function cnpjCharValue(char: string): number {
  return char.charCodeAt(0) - 48;
}

/** Uppercase, everything except 0–9 and A–Z removed. No length check. */
export function normalizeCnpj(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** The two check digits for the first 12 characters (0–9, A–Z) of a CNPJ. */
export function cnpjCheckDigits(base12: string): string {
  const base = base12.toUpperCase();
  if (!/^[0-9A-Z]{12}$/.test(base)) {
    throw new RangeError(`CNPJ base must be exactly 12 characters 0-9/A-Z, got "${base12}"`);
  }
  const values = [...base].map(cnpjCharValue);
  const first = mod11CheckDigit(values, FIRST_WEIGHTS);
  const second = mod11CheckDigit([...values, first], SECOND_WEIGHTS);
  return `${first}${second}`;
}

/** Numeric or alphanumeric CNPJ, with or without punctuation, any letter case. */
export function isValidCnpj(input: string): boolean {
  if (!CNPJ_ALLOWED_CHARS.test(input)) return false;
  const cnpj = normalizeCnpj(input);
  if (!CNPJ_SHAPE.test(cnpj) || isRepeatedChar(cnpj)) return false;
  return cnpjCheckDigits(cnpj.slice(0, 12)) === cnpj.slice(12);
}

/** XX.XXX.XXX/XXXX-XX. Throws unless the input holds 14 characters 0–9/A–Z; does not check validity. */
export function formatCnpj(input: string): string {
  const c = normalizeCnpj(input);
  if (c.length !== 14) {
    throw new RangeError(`CNPJ must have 14 characters, got ${c.length} in "${input}"`);
  }
  return `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12)}`;
}
