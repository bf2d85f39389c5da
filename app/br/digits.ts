export function onlyDigits(input: string): string {
  return input.replace(/\D+/g, '');
}

export function isRepeatedChar(value: string): boolean {
  return value.length > 0 && [...value].every((char) => char === value[0]);
}

/** Weights start, start-1, ..., 2 — the shape shared by the CPF check digits. */
export function descendingWeights(start: number): number[] {
  return Array.from({ length: start - 1 }, (_, i) => start - i);
}

/**
 * The mod-11 rule used by CPF, CNPJ and NF-e keys: remainder 0 or 1 gives 0,
 * anything else gives 11 - remainder.
 */
export function mod11CheckDigit(values: readonly number[], weights: readonly number[]): number {
  if (values.length !== weights.length) {
    throw new RangeError(`mod11CheckDigit: ${values.length} values but ${weights.length} weights`);
  }
  let sum = 0;
  values.forEach((value, i) => {
    sum += value * (weights[i] ?? 0);
  });
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}
