import { descendingWeights, isRepeatedChar, mod11CheckDigit, onlyDigits } from './digits';

/** Bare, or punctuated the CPF way (000.000.000-00); a space or a dash after 4–5 digits is a phone. */
const CPF_SHAPE = /^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$/;
const FIRST_WEIGHTS = descendingWeights(10);
const SECOND_WEIGHTS = descendingWeights(11);

/** Digits only, no length check. */
export function normalizeCpf(input: string): string {
  return onlyDigits(input);
}

/** The two check digits for the first 9 digits of a CPF. */
export function cpfCheckDigits(base9: string): string {
  if (!/^\d{9}$/.test(base9)) {
    throw new RangeError(`CPF base must be exactly 9 digits, got "${base9}"`);
  }
  const values = [...base9].map(Number);
  const first = mod11CheckDigit(values, FIRST_WEIGHTS);
  const second = mod11CheckDigit([...values, first], SECOND_WEIGHTS);
  return `${first}${second}`;
}

/**
 * True for a CPF with valid check digits, bare or as 000.000.000-00 (surrounding spaces
 * ignored). Text written like a phone ("11 98765-4374") is never a CPF, whatever its digits.
 */
export function isValidCpf(input: string): boolean {
  if (!CPF_SHAPE.test(input.trim())) return false;
  const digits = normalizeCpf(input);
  // Repeated-digit sequences pass the mod-11 check but are never issued.
  if (digits.length !== 11 || isRepeatedChar(digits)) return false;
  return cpfCheckDigits(digits.slice(0, 9)) === digits.slice(9);
}

/** 000.000.000-00. Throws when the input does not hold exactly 11 digits; does not check validity. */
export function formatCpf(digits: string): string {
  const d = normalizeCpf(digits);
  if (d.length !== 11) {
    throw new RangeError(`CPF must have 11 digits, got ${d.length} in "${digits}"`);
  }
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}
