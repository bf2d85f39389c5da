/**
 * Reading many stored instants at once. The agenda stores instants as `Date.toISOString()` text
 * (`2026-12-01T11:00:00.000Z`, 24 characters); SQLite's `group_concat` hands a professional's
 * month of bookings over as one comma-separated string, read here without creating a string
 * per instant. Anything not in that exact shape (an offset, another precision) falls back to
 * `Date.parse` of each item, so the answer never depends on the fast path.
 */

const ITEM = 24;
const STRIDE = ITEM + 1;

function digits2(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** True when the item at `i` is exactly `YYYY-MM-DDTHH:MM:SS.sssZ` (digits and marks in place). */
function canonicalAt(s: string, i: number): boolean {
  return (
    s.charCodeAt(i + 4) === 45 && // -
    s.charCodeAt(i + 7) === 45 &&
    s.charCodeAt(i + 10) === 84 && // T
    s.charCodeAt(i + 13) === 58 && // :
    s.charCodeAt(i + 16) === 58 &&
    s.charCodeAt(i + 19) === 46 && // .
    s.charCodeAt(i + 23) === 90 && // Z
    isDigit(s, i) &&
    isDigit(s, i + 1) &&
    isDigit(s, i + 2) &&
    isDigit(s, i + 3) &&
    isDigit(s, i + 5) &&
    isDigit(s, i + 6) &&
    isDigit(s, i + 8) &&
    isDigit(s, i + 9) &&
    isDigit(s, i + 11) &&
    isDigit(s, i + 12) &&
    isDigit(s, i + 14) &&
    isDigit(s, i + 15) &&
    isDigit(s, i + 17) &&
    isDigit(s, i + 18) &&
    isDigit(s, i + 20) &&
    isDigit(s, i + 21) &&
    isDigit(s, i + 22)
  );
}

/**
 * Epoch milliseconds of each instant in a comma-separated list of ISO-8601 texts, in order.
 * `''` is an empty list. Items that `Date.parse` cannot read come back as NaN (never overlap).
 */
export function parseIsoList(text: string): number[] {
  if (text === '') return [];
  const out: number[] = [];
  if ((text.length + 1) % STRIDE === 0) {
    for (let i = 0; i < text.length; i += STRIDE) {
      if (!canonicalAt(text, i) || (i + ITEM < text.length && text[i + ITEM] !== ',')) break;
      const month = digits2(text, i + 5);
      const day = digits2(text, i + 8);
      const hour = digits2(text, i + 11);
      const minute = digits2(text, i + 14);
      const second = digits2(text, i + 17);
      if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) break;
      const days = daysFromCivil(digits2(text, i) * 100 + digits2(text, i + 2), month, day);
      const seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
      const millis = (text.charCodeAt(i + 20) - 48) * 100 + digits2(text, i + 21);
      out.push(seconds * 1000 + millis);
    }
    if (out.length * STRIDE === text.length + 1) return out;
  }
  return text.split(',').map((item) => Date.parse(item));
}
