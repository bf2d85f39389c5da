import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import type { Cell, ExportColumn, SheetData } from './export.defs';
import { ExportCancelled, type WriteProgress } from './xlsx.writer';
import { csvQuote } from './csv.format';

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

const quote = csvQuote;

/** One formatter per column, decided once (numbers never need quotes: their separator differs from the delimiter). */
function formatters(columns: readonly ExportColumn[], options: CsvOptions): ((v: Cell) => string)[] {
  return columns.map((c) =>
    c.kind === 'text'
      ? (v: Cell) => quote(csvValue(c, v, options), options.delimiter)
      : (v: Cell) => csvValue(c, v, options),
  );
}

/**
 * Writes one sheet as CSV: header, rows, and (when the sheet has total columns) a "Total" line;
 * a sheet without rows writes its header and "Sem dados neste período.". UTF-8 files start with
 * a BOM. Written in chunks of 2,000 lines, waiting for the stream to drain.
 */
export async function writeCsv(
  path: string,
  data: SheetData,
  options: CsvOptions = DEFAULT_CSV,
  onRows: WriteProgress = () => undefined,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const out = createWriteStream(path);
  const encode = (s: string) => (options.encoding === 'utf8' ? Buffer.from(s, 'utf8') : iconv.encode(s, 'win1252'));
  const d = options.delimiter;
  const line = (cells: readonly string[]) => cells.map((c) => quote(c, d)).join(d);
  const format = formatters(data.columns, options);
  const n = data.columns.length;
  let chunk: string[] = [line(data.columns.map((c) => c.header))];
  if (options.encoding === 'utf8') out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  const flush = async () => {
    if (!out.write(encode(`${chunk.join('\r\n')}\r\n`))) await once(out, 'drain');
    chunk = [];
  };
  const totals: number[] = [];
  let rows = 0;
  try {
    for (const raw of data.rows) {
      let text = '';
      for (let i = 0; i < n; i++) {
        const v = raw[i] ?? null;
        text += (i ? d : '') + (format[i] as (v: Cell) => string)(v);
        if (typeof v === 'number' && data.columns[i]?.total) totals[i] = (totals[i] ?? 0) + v;
      }
      chunk.push(text);
      rows++;
      if (chunk.length >= 2000) {
        await flush();
        onRows(rows);
        if (shouldStop()) throw new ExportCancelled();
      }
    }
    if (rows === 0) chunk.push('Sem dados neste período.');
    else if (data.columns.some((c) => c.total)) {
      chunk.push(
        line(data.columns.map((c, i) => (i === 0 ? 'Total' : c.total ? csvValue(c, totals[i] ?? 0, options) : ''))),
      );
    }
    await flush();
  } finally {
    out.end();
    await once(out, 'close');
  }
  onRows(rows);
}
