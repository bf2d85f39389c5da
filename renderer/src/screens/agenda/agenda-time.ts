/** Agenda times in the store's zone. The core answers ISO-8601 with the store's offset, so the
 * local date and time are the text's own; only a new time typed here needs the zone's offset. */
export const DAY_START = 7 * 60;
export const DAY_END = 21 * 60;
export const STEP = 15;
export const ROWS = (DAY_END - DAY_START) / STEP;

export const localDate = (iso: string) => iso.slice(0, 10);
export const localHm = (iso: string) => iso.slice(11, 16);
export const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
export const toHm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function addDays(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) … 7 (Sunday). */
export function weekday(date: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export const WEEKDAYS = ['', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb', 'Dom'];

export function formatDay(date: string): string {
  return `${WEEKDAYS[weekday(date)]} ${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

function offsetAt(zone: string, ms: number): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Now in the zone: local date and minute of the day. */
export function nowIn(zone: string): { date: string; minute: number } {
  const ms = Date.now();
  const local = new Date(ms + offsetAt(zone, ms) * 60_000).toISOString();
  return { date: local.slice(0, 10), minute: toMinutes(local.slice(11, 16)) };
}

/** `2026-12-07T09:00:00-03:00` for a local date and "HH:MM" in the zone. */
export function isoAt(zone: string, date: string, hm: string): string {
  const guess = Date.parse(`${date}T${hm}:00Z`);
  const offset = offsetAt(zone, guess - offsetAt(zone, guess) * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${hm}:00${sign}${toHm(abs)}`;
}
