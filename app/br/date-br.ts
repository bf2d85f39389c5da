/**
 * Brazilian date text (dd/mm/aaaa) from the ISO forms the app stores: a calendar date
 * `2026-11-30` → `30/11/2026`, a local date-time `2026-11-30 14:05[:SS]` or `2026-11-30T14:05…`
 * → `30/11/2026 14:05` (to the minute). The one date formatter of the core (receipts, carnês,
 * reports); the value must already be local — no time zone conversion happens here.
 */
export function formatDateBR(date: string): string {
  const [d, t] = date.split(/[ T]/);
  const [y, m, day] = (d ?? '').split('-');
  return `${day}/${m}/${y}${t ? ` ${t.slice(0, 5)}` : ''}`;
}
