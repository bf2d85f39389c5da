/** Date ranges of the Dashboard's picker, as local dates YYYY-MM-DD (the store's calendar). */
export interface Period {
  from: string;
  to: string;
}

export const PRESETS = [
  ['hoje', 'Hoje'],
  ['7d', 'Últimos 7 dias'],
  ['30d', 'Últimos 30 dias'],
  ['mes', 'Este mês'],
  ['mes_passado', 'Mês passado'],
  ['ano', 'Este ano'],
] as const;
export type Preset = (typeof PRESETS)[number][0];

const DAY_MS = 86_400_000;

/** `date` plus `days` (negative goes back), on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of the month of `date`. */
export function monthEnd(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The range a preset names, relative to `today`. */
export function presetPeriod(preset: Preset, today: string): Period {
  const month = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case 'hoje':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'mes':
      return { from: month, to: today };
    case 'mes_passado': {
      const last = addDays(month, -1);
      return { from: `${last.slice(0, 7)}-01`, to: last };
    }
    case 'ano':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** Today's date in the store's time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "01/10/2026": a local date as pt-BR shows it. */
export function formatDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** A variation in percent as shown next to a KPI: "+12,3%", "−4%", "—" when there is no base. */
export function formatVariation(pct: number | null): string {
  if (pct === null) return '—';
  const text = Math.abs(pct).toLocaleString('pt-BR', { maximumFractionDigits: 1 });
  return pct > 0 ? `+${text}%` : pct < 0 ? `−${text}%` : '0%';
}

/** "30/11/2026 14:05": an instant in the store's zone, to the minute. */
export function formatMinute(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('pt-BR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(',', '');
}
