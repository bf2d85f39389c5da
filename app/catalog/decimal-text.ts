/**
 * A non-negative decimal as people type it in a spreadsheet, to an integer number of
 * 1/10^scale units without going through floats: "12,34", "12.34", "1.234,56", "1,234.56",
 * "R$ 7" → centavos with scale 2; "1,5" → 1500 thousandths with scale 3. A single dot followed
 * by exactly three digits ("1.234") is read the Brazilian way, as a thousands separator.
 * Null when the text is not such a number or has more than `scale` decimals.
 */
export function parseDecimalText(text: string, scale: number): number | null {
  const t = text.replace(/R\$|\s/g, '');
  if (!/^\d[\d.,]*$/.test(t)) return null;
  const split = splitDecimal(t);
  if (!split) return null;
  const [whole, frac] = split;
  if (frac.length > scale || whole.length > 12) return null;
  return Number(whole) * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
}

/** Integer and fraction digits, or null when the separators do not make a number. */
function splitDecimal(t: string): [string, string] | null {
  const commas = t.split(',').length - 1;
  const dots = t.split('.').length - 1;
  let decimalSep: ',' | '.' | null;
  if (commas > 0 && dots > 0) decimalSep = t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.';
  else if (commas === 1) decimalSep = ',';
  else if (dots === 1) decimalSep = /^\d{1,3}\.\d{3}$/.test(t) ? null : '.';
  else decimalSep = null;
  const groupSep = decimalSep === ',' ? '.' : ',';
  const [intPart = '', fracPart = '', ...rest] = decimalSep ? t.split(decimalSep) : [t];
  if (rest.length > 0 || (decimalSep && fracPart === '')) return null;
  if (!/^\d*$/.test(fracPart)) return null;
  const grouped = decimalSep ? intPart.includes(groupSep) : /[.,]/.test(intPart);
  if (grouped) {
    const sep = decimalSep ? groupSep : intPart.includes('.') ? '.' : ',';
    if (intPart.includes(sep === '.' ? ',' : '.')) return null;
    const groups = intPart.split(sep);
    if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
    return [groups.join(''), fracPart];
  }
  if (!/^\d+$/.test(intPart)) return null;
  return [intPart, fracPart];
}

/** Largest integer unit count accepted from a spreadsheet number (R$ 99 bilhões in centavos). */
const MAX_UNITS = 10 ** 13;

/**
 * A spreadsheet's numeric cell (a binary float such as 89.69999999999999 from =29,9*3) to an
 * integer number of 1/10^scale units, rounded half up at that precision: centavos with scale 2
 * (89.69999999999999 → 8970), thousandths with scale 3. The rounding is done on the number's
 * shortest decimal text (what Excel shows, `String(value)`), in integer digit arithmetic, so no
 * float multiply can add or lose a unit. Null for negative, non-finite or absurdly large values.
 */
export function decimalFromNumber(value: number, scale: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const digits = plainDecimal(String(value));
  if (!digits) return null;
  const [whole, frac] = digits;
  const kept = BigInt(`${whole}${frac.slice(0, scale).padEnd(scale, '0')}`);
  const roundUp = (frac[scale] ?? '0') >= '5';
  const units = kept + (roundUp ? 1n : 0n);
  return units > BigInt(MAX_UNITS) ? null : Number(units);
}

/** "1.5e-7" / "8.97e+21" / "89.7" → integer and fraction digit strings, without an exponent. */
function plainDecimal(text: string): [string, string] | null {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text);
  if (!match) return null;
  const [, int = '', frac = '', exp = '0'] = match;
  const all = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return ['0', '0'.repeat(-point) + all];
  if (point >= all.length) return [all + '0'.repeat(point - all.length), ''];
  return [all.slice(0, point), all.slice(point)];
}
