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
