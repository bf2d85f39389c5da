import type { Cell, ExportColumn } from './export.defs';
import { csvQuote } from './csv.format';
import { byteCells, CsvBytes } from './csv.bytes';

/*
 * A CSV cell's text per column kind and the UTF-8 line sink: everything a CSV row needs except
 * the file, free of Node-only imports beyond Buffer so the CSV part worker loads it quickly.
 */

export interface CsvOptions {
  /** ';' with decimal comma and dd/mm/aaaa dates (pt-BR Excel, the default) or ',' with decimal point and ISO dates. */
  delimiter: ';' | ',';
  /** UTF-8 with BOM (default) or Windows-1252 (older Excel installs). */
  encoding: 'utf8' | 'win1252';
}

export const DEFAULT_CSV: CsvOptions = { delimiter: ';', encoding: 'utf8' };

function fixed(n: number, digits: number, comma: boolean): string {
  const s = n.toFixed(digits);
  return comma ? s.replace('.', ',') : s;
}

/** Integer division for display: cents → "1234,56"; exact for any integer centavos. */
function scaled(value: number, scale: number, digits: number, comma: boolean): string {
  const negative = value < 0;
  const abs = Math.abs(value);
  const whole = Math.floor(abs / scale);
  const frac = String(abs % scale)
    .padStart(String(scale).length - 1, '0')
    .slice(0, digits);
  return `${negative ? '-' : ''}${whole}${digits ? (comma ? ',' : '.') + frac : ''}`;
}

/** One raw value as CSV text for its column kind. */
export function csvValue(column: ExportColumn, value: Cell, options: CsvOptions): string {
  if (value === null || value === undefined) return '';
  const comma = options.delimiter === ';';
  switch (column.kind) {
    case 'money':
      return scaled(Number(value), 100, 2, comma);
    case 'pct':
      return fixed(Number(value) / 100, 2, comma);
    case 'qty': {
      const s = scaled(Number(value), 1000, 3, comma).replace(/[.,]?0+$/, '');
      return s === '' || s === '-' ? '0' : s;
    }
    case 'int':
      return String(value);
    case 'date':
    case 'datetime': {
      const s = String(value)
        .replace('T', ' ')
        .slice(0, column.kind === 'date' ? 10 : 16);
      if (!comma) return s;
      const [d = '', t] = s.split(' ');
      const [y, m, day] = d.split('-');
      return `${day}/${m}/${y}${t ? ` ${t}` : ''}`;
    }
    default: {
      const s = String(value);
      return column.labels?.[s] ?? s;
    }
  }
}

/** '00'…'99' and '000'…'999': the fraction digits of centavos and thousandths without padStart per cell. */
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_TRIMMED = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0').replace(/0+$/, ''));

/** Centavos as "1234,56" by integer arithmetic (the same text as `csvValue`, without string scans). */
function moneyText(v: number, sep: string): string {
  if (v < 0) return `-${moneyText(-v, sep)}`;
  const whole = Math.floor(v / 100);
  return `${whole}${sep}${TWO[v - whole * 100] as string}`;
}

/** Thousandths as "2,5" (trailing zeros dropped, "2" when whole), as `csvValue` writes them. */
function qtyText(v: number, sep: string): string {
  if (v < 0) return `-${qtyText(-v, sep)}`;
  const whole = Math.floor(v / 1000);
  const frac = THREE_TRIMMED[v - whole * 1000] as string;
  return frac === '' ? String(whole) : `${whole}${sep}${frac}`;
}

/**
 * One formatter per column, decided once: the common cases (integer money and quantities,
 * 'YYYY-MM-DD HH:MM…' wall times, text) by slicing and integer arithmetic — a CSV export is
 * dominated by per-cell work — and anything else through `csvValue`. Numbers never need quotes
 * (their separator differs from the delimiter); text is quoted only when it must be.
 */
export function formatters(columns: readonly ExportColumn[], options: CsvOptions): ((v: Cell) => string)[] {
  const comma = options.delimiter === ';';
  const sep = comma ? ',' : '.';
  const special = options.delimiter === ';' ? /[;"\r\n]/ : /[,"\r\n]/;
  return columns.map((c): ((v: Cell) => string) => {
    const slow = (v: Cell) => csvValue(c, v, options);
    switch (c.kind) {
      case 'money':
        return (v) => (typeof v === 'number' && Number.isInteger(v) ? moneyText(v, sep) : slow(v));
      case 'qty':
        return (v) => (typeof v === 'number' && Number.isInteger(v) ? qtyText(v, sep) : slow(v));
      case 'int':
        return (v) => (typeof v === 'number' ? String(v) : slow(v));
      case 'datetime': {
        // Rows come in time order: the text up to the hour is made once per hour met in a row.
        let hour = '';
        let shown = '';
        return (v) => {
          if (typeof v !== 'string' || v.length < 16 || (v[10] !== ' ' && v[10] !== 'T')) return slow(v);
          if (hour === '' || !v.startsWith(hour)) {
            hour = v.slice(0, 13);
            const hh = v.slice(11, 13);
            shown = comma ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${hh}` : `${v.slice(0, 10)} ${hh}`;
          }
          return shown + v.slice(13, 16);
        };
      }
      case 'text': {
        const labels = c.labels;
        return (v) => {
          if (v === null || v === undefined) return '';
          const raw = String(v);
          const s = labels?.[raw] ?? raw;
          return special.test(s) ? csvQuote(s, options.delimiter) : s;
        };
      }
      default:
        return slow;
    }
  });
}

/** Where rows become bytes: straight into a buffer (UTF-8) or through text (Windows-1252). */
export interface LineSink {
  row(raw: readonly Cell[]): void;
  /** A whole line of text (header, totals, the no-data note), without its CRLF. */
  line(text: string): void;
  /** The bytes gathered since the last call. */
  take(): Buffer;
  /** A chunk `take` gave, written: its memory may be reused. */
  release(chunk: Buffer): void;
}

export type Formatter = (v: Cell) => string;

/** UTF-8: `byteCells` writes each cell into one buffer, falling back on the column's text. */
export function byteSink(
  columns: readonly ExportColumn[],
  format: readonly Formatter[],
  options: CsvOptions,
): LineSink {
  const out = new CsvBytes(1 << 20);
  const delimiter = options.delimiter.charCodeAt(0);
  const cells = byteCells(columns, options.delimiter === ';', delimiter, (i, v) => (format[i] as Formatter)(v));
  const n = columns.length;
  return {
    row(raw) {
      for (let i = 0; i < n; i++) {
        if (i) out.byte(delimiter);
        const v = raw[i];
        // Every formatter writes an absent value as an empty cell.
        if (v !== null && v !== undefined) (cells[i] as (o: CsvBytes, v: Cell) => void)(out, v);
      }
      out.room(2);
      out.buf[out.pos++] = 13;
      out.buf[out.pos++] = 10;
    },
    line: (text) => out.text(`${text}\r\n`),
    take: () => out.take(),
    release: (chunk) => out.release(chunk),
  };
}
