/**
 * Integer money arithmetic. Values are centavos (or thousandths for quantities); every
 * division rounds half up, away from zero, and allocations always sum exactly.
 */

/** round(numerator / denominator), half away from zero; denominator > 0. */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`divRoundHalfUp: unsafe operands ${numerator}/${denominator}`);
  }
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  return sign * Math.floor((abs * 2 + denominator) / (denominator * 2));
}

/** qty (thousandths) × unit price (centavos), rounded half up to the centavo. */
export function lineAmount(qtyMilli: number, unitCents: number): number {
  return divRoundHalfUp(qtyMilli * unitCents, 1000);
}

/** amount × rate in basis points (1% = 100), rounded half up. */
export function applyRateBp(amountCents: number, rateBp: number): number {
  return divRoundHalfUp(amountCents * rateBp, 10_000);
}

/**
 * Splits `total` across `weights` in proportion, by largest remainder: floors first, then one
 * centavo to each of the largest fractional parts (ties by position). The parts sum to `total`.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || weights.length === 0) return weights.map(() => 0);
  if (sum <= 0) throw new RangeError('allocateLargestRemainder: weights must have a positive sum');
  if (total > sum) throw new RangeError('allocateLargestRemainder: total exceeds the weights');
  // Built by push, not map: a PACKED array in every V8 tier (see computeSale in sale.calc.ts).
  const parts: number[] = [];
  const remainders: { i: number; r: number }[] = [];
  let left = total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    const part = Math.floor((total * w) / sum);
    parts.push(part);
    remainders.push({ i, r: (total * w) % sum });
    left -= part;
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** A quantity as typed (1, 0.25, 1.5 kg) to exact thousandths; more than 3 decimals is refused. */
export function toMilli(qty: number): number | null {
  const milli = Math.round(qty * 1000);
  return Math.abs(milli - qty * 1000) < 1e-6 && Number.isSafeInteger(milli) ? milli : null;
}

/** A percentage with up to two decimals (3.5, 12.25) to basis points. */
export function percentToBp(percent: number): number | null {
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** R$ 1.234,56 — only at the edges (UI, reports, messages). */
export function formatBRL(cents: number): string {
  return brl.format((cents || 0) / 100); // -0 would print as "-R$ 0,00"
}
