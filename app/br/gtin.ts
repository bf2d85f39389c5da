/**
 * GTIN (EAN/UPC) check digits, GS1 General Specifications §7.9: from the right, the digits
 * before the check digit are weighted 3, 1, 3, 1…; the check digit brings the sum to a
 * multiple of 10. GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14 share the rule.
 */
export const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

/** The check digit for the digits that precede it (any length), 0–9. */
export function gtinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`GTIN body must be digits, got "${body}"`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for 8, 12, 13 or 14 digits whose last digit is the right check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !GTIN_LENGTHS.includes(code.length)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/**
 * What Excel makes of a long number it shows in a General cell: "7,89123E+12", "7.89E+12",
 * "7,89123e12". Such text lost digits; it is never a barcode.
 */
export function isScientificNotation(text: string): boolean {
  return /^\s*\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+\s*$/.test(text);
}

/** The body followed by its check digit: "789100010001" → "7891000100011". */
export function withGtinCheckDigit(body: string): string {
  return `${body}${gtinCheckDigit(body)}`;
}
