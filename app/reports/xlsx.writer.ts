import type { Cell, ColumnKind, ExportColumn, SheetData } from './export.defs';
import { styleOf, xmlText, XlsxPackage } from './xlsx.package';

/** Local wall time 'YYYY-MM-DD[ HH:MM[:SS]]' as a Date whose UTC fields are that wall time (Excel dates have no zone). */
export function wallDate(value: string): Date {
  // 'YYYY-MM-DD HH:MM:SS' (the exports' local wall times): fields by position, no regex per cell.
  if (value.length >= 19 && (value[10] === ' ' || value[10] === 'T')) {
    return new Date(
      Date.UTC(
        Number(value.slice(0, 4)),
        Number(value.slice(5, 7)) - 1,
        Number(value.slice(8, 10)),
        Number(value.slice(11, 13)),
        Number(value.slice(14, 16)),
        Number(value.slice(17, 19)),
      ),
    );
  }
  const [d = '', t = '00:00:00'] = value.split(/[ T]/);
  return new Date(`${d}T${t.length === 5 ? `${t}:00` : t.slice(0, 8)}Z`);
}

/** Days since 1899-12-30 (Excel's 1900 date system) of a local wall time, as exceljs computes them. */
function excelSerial(value: string): number {
  return 25569 + wallDate(value).getTime() / 86_400_000;
}

/** A raw value as the number Excel stores for its column kind (reais, units, fractions, date serials). */
const NUMBER: Record<Exclude<ColumnKind, 'text'>, (value: string | number) => number> = {
  money: (v) => Number(v) / 100,
  qty: (v) => Number(v) / 1000,
  pct: (v) => Number(v) / 10_000,
  int: (v) => Number(v),
  date: (v) => excelSerial(String(v).slice(0, 10)),
  datetime: (v) => excelSerial(String(v)),
};

/**
 * A raw value as the cell value of its column kind: money in reais, quantities in units,
 * percentages as fractions, dates as wall-time Dates, text through the column's labels.
 */
export function xlsxValue(column: ExportColumn, value: Cell): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (column.kind === 'text') return column.labels?.[String(value)] ?? String(value);
  if (column.kind === 'date') return wallDate(String(value).slice(0, 10));
  if (column.kind === 'datetime') return wallDate(String(value));
  return NUMBER[column.kind](value);
}

/** One cell's XML for a row number ('' for no value). */
type CellXml = (value: Cell, row: string) => string;

/** `<t>` of an inline string; whitespace at the ends kept. */
function inlineText(s: string): string {
  const t = xmlText(s);
  const keep = t.length > 0 && ((t[0] as string) <= ' ' || (t[t.length - 1] as string) <= ' ');
  return `<is><t${keep ? ' xml:space="preserve"' : ''}>${t}</t></is>`;
}

/** The cell writer of a column, decided once: inline strings for text, `<v>` numbers otherwise. */
function cellWriter(column: ExportColumn, letter: string): CellXml {
  const s = styleOf(column.kind);
  const open = `<c r="${letter}`;
  if (column.kind === 'text') {
    const labels = column.labels;
    const attrs = `"${s ? ` s="${s}"` : ''} t="inlineStr">`;
    return (v, r) => {
      if (v === null || v === undefined) return '';
      const raw = String(v);
      return `${open}${r}${attrs}${inlineText(labels?.[raw] ?? raw)}</c>`;
    };
  }
  const toNumber = NUMBER[column.kind];
  const attrs = `" s="${s}"><v>`;
  return (v, r) => {
    if (v === null || v === undefined) return '';
    const n = toNumber(v);
    return Number.isFinite(n) ? `${open}${r}${attrs}${n}</v></c>` : '';
  };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface WriteProgress {
  /** Rows written so far (all sheets). */
  (rows: number): void;
}

/** Counts a row (`due`: true every 1,000th) and, when due, reports progress and yields. */
type RowTick = (() => Promise<void>) & { due: () => boolean };

/** The header row (bold) and, after the rows, the bold "Total" row or the no-data line. */
function headerXml(columns: readonly ExportColumn[], letters: readonly string[]): string {
  const bold = styleOf('text', true);
  const cells = columns.map((c, i) => `<c r="${letters[i]}1" s="${bold}" t="inlineStr">${inlineText(c.header)}</c>`);
  return `<row r="1" s="${bold}" customFormat="1">${cells.join('')}</row>`;
}

function totalsXml(
  columns: readonly ExportColumn[],
  letters: readonly string[],
  last: number,
  totals: number[],
): string {
  const r = last + 1;
  const bold = styleOf('text', true);
  const cells = columns.map((c, i) => {
    const ref = `${letters[i]}${r}`;
    if (i === 0) return `<c r="${ref}" s="${bold}" t="inlineStr">${inlineText('Total')}</c>`;
    if (!c.total || c.kind === 'text') return '';
    const result = NUMBER[c.kind](totals[i] ?? 0);
    return `<c r="${ref}" s="${styleOf(c.kind, true)}"><f>SUBTOTAL(109,${letters[i]}2:${letters[i]}${last})</f><v>${result}</v></c>`;
  });
  return `<row r="${r}" s="${bold}" customFormat="1">${cells.join('')}</row>`;
}

async function writeSheet(pkg: XlsxPackage, data: SheetData, onRow: RowTick): Promise<void> {
  const columns = data.columns;
  const n = columns.length;
  const letters = columns.map((_, i) => columnLetter(i + 1));
  pkg.startSheet(
    data.sheet,
    columns.map((c) => ({ width: c.width, style: styleOf(c.kind) })),
  );
  pkg.write(headerXml(columns, letters));
  const cells = columns.map((c, i) => cellWriter(c, letters[i] as string));
  const totalAt = columns.map((c) => c.total === true);
  const totals: number[] = [];
  let last = 1;
  for (const raw of data.rows) {
    const r = String(++last);
    let xml = `<row r="${r}">`;
    for (let i = 0; i < n; i++) {
      const v = raw[i] ?? null;
      xml += (cells[i] as CellXml)(v, r);
      if (totalAt[i] && typeof v === 'number') totals[i] = (totals[i] ?? 0) + v;
    }
    pkg.write(`${xml}</row>`);
    // Only every 1,000th row awaits (progress, cancel, the file stream draining): no promise per row.
    if (onRow.due()) await onRow();
  }
  if (last === 1) pkg.write(`<row r="2"><c r="A2" t="inlineStr">${inlineText('Sem dados neste período.')}</c></row>`);
  else if (columns.some((c) => c.total)) pkg.write(totalsXml(columns, letters, last, totals));
  pkg.endSheet(`A1:${letters[n - 1] ?? 'A'}${last}`);
}

/**
 * Writes sheets to an .xlsx file as they stream in (rows are never held: the sheet XML is
 * written by hand and zipped as it comes, see xlsx.package.ts): bold frozen header, autofilter
 * over the data, widths, number formats per column kind, and a bold "Total" row of
 * `SUBTOTAL(109, …)` formulas with their cached results (so filtering keeps totals right and
 * viewers that do not compute formulas show them). A sheet without rows says "Sem dados neste
 * período.". `onRows` is told the running row count every 1,000 rows; `shouldStop` is polled as
 * often (ExportCancelled). The caller removes the file after a failure.
 */
export async function writeXlsx(
  path: string,
  sheets: readonly SheetData[],
  onRows: WriteProgress = () => undefined,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const pkg = new XlsxPackage(path, sheets.length);
  let rows = 0;
  const onRow = Object.assign(
    async () => {
      onRows(rows);
      if (shouldStop()) throw new ExportCancelled();
      await pkg.drain();
      // Let messages (cancel) arrive.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    { due: () => ++rows % 1000 === 0 },
  );
  try {
    for (const data of sheets) await writeSheet(pkg, data, onRow);
    await pkg.close('Balcão');
  } catch (error) {
    await pkg.abort();
    throw error;
  }
  onRows(rows);
}

/** Thrown inside a writer when the job was cancelled. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}
