/**
 * The external API speaks seed 000's units: money as decimal reais (`359.82` or `"359.82"`).
 * These are converted exactly to centavos at the edge (integer arithmetic on the decimal text:
 * more than two decimals is refused, never rounded) and answers are turned back into reais.
 */

/** The money fields of the unified actions' `transaction_data` (at any depth: items, payments, taxes). */
export const MONEY_KEYS: ReadonlySet<string> = new Set([
  'amount',
  'unit_price',
  'unit_cost',
  'discount_amount',
  'fee_amount',
  'icms',
  'pis',
  'cofins',
  'total',
  'monthly_target',
]);

const REAIS = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Centavos of a reais value written with at most two decimals; null when it is not one. */
export function reaisToCents(value: number | string): number | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = REAIS.exec(text);
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** Reais of a centavos integer, as a JSON number (35982 → 359.82). */
export function centsToReais(cents: number): number {
  return cents / 100;
}

export interface MoneyFault {
  path: string;
  message: string;
}

/**
 * A copy of `data` with every money field in centavos. Returns the first field that is not a
 * reais value with at most two decimals instead (pt-BR message). Depth is bounded by the caller.
 */
export function moneyToCents(data: unknown, path = 'transaction_data'): { value: unknown } | { fault: MoneyFault } {
  if (Array.isArray(data)) {
    const out: unknown[] = [];
    for (let i = 0; i < data.length; i++) {
      const converted = moneyToCents(data[i], `${path}.${i}`);
      if ('fault' in converted) return converted;
      out.push(converted.value);
    }
    return { value: out };
  }
  if (typeof data !== 'object' || data === null) return { value: data };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const at = `${path}.${key}`;
    if (MONEY_KEYS.has(key) && (typeof value === 'number' || typeof value === 'string')) {
      const cents = reaisToCents(value);
      if (cents === null) {
        return {
          fault: {
            path: at,
            message: `Valor em reais inválido em ${at}: use no máximo duas casas decimais (ex.: 359.82).`,
          },
        };
      }
      out[key] = cents;
      continue;
    }
    const converted = moneyToCents(value, at);
    if ('fault' in converted) return converted;
    out[key] = converted.value;
  }
  return { value: out };
}

/**
 * An answer in the API's units: every `<name>_cents` integer becomes `<name>` in reais and every
 * `<name>_milli` quantity becomes `<name>` in units (thousandths → 1.5); the rest is kept.
 */
export function answerInReais(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(answerInReais);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key.endsWith('_cents') && typeof field === 'number') out[key.slice(0, -6)] = centsToReais(field);
    else if (key.endsWith('_milli') && typeof field === 'number') out[key.slice(0, -6)] = field / 1000;
    else out[key] = answerInReais(field);
  }
  return out;
}
