/**
 * Calendar dates (YYYY-MM-DD) for due dates and settlements. A date is a day in the store's
 * time zone, never an instant; arithmetic is done on UTC midnights so DST never shifts a day.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// Building an Intl.DateTimeFormat costs far more than formatting with it, and every payment
// asks for a date: one formatter per zone, kept for the life of the process.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The day an instant falls on in a time zone (IANA name), as YYYY-MM-DD. */
export function localDate(instantIso: string, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD; format() is several times cheaper than formatToParts().
  return dayFormat(timeZone).format(new Date(instantIso));
}

/** `date` + `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `date` + `months` calendar months, the day clamped to the month's last day
 * (2026-01-31 + 1 month = 2026-02-28), as carnês are dated.
 */
export function addMonths(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 2026-11-30 → 30/11/2026 (the core's one formatter, app/br/date-br.ts). */
export { formatDateBR } from '../br/date-br';

/**
 * `total` centavos in `n` equal parts by largest remainder: the extra centavos go to the first
 * parts (R$ 100,00 in 3 → 33,34 + 33,33 + 33,33); the parts always sum to `total`.
 */
export function splitEvenly(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const rest = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}
