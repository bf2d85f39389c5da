/**
 * CSV text for spreadsheets, with no Node imports (the renderer's chart tables use it too):
 * the one place that decides quoting, separators and line ends. `csv.writer.ts` streams big
 * exports to files with these rules; small tables are built in memory with `csvDocument`.
 */

/** The BOM that makes Excel read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * One cell as CSV: quoted (inner quotes doubled) when it holds the delimiter, a quote, CR or
 * LF — RFC 4180 — else as is.
 */
export function csvQuote(text: string, delimiter: string): string {
  const needs = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells (not terminated): each quoted as needed, joined by the delimiter. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((c) => csvQuote(c, delimiter)).join(delimiter);
}

export interface CsvTextOptions {
  /** ';' (pt-BR Excel: numbers with decimal comma, the default) or ','. */
  delimiter?: ';' | ',';
  /** Start with the UTF-8 BOM (default true). */
  bom?: boolean;
}

/**
 * A small table as CSV text: lines ended by CRLF, the UTF-8 BOM first (by default). Numbers are
 * written as JavaScript prints them, with a decimal comma when the delimiter is ';' (790.5 →
 * "790,5"); null/undefined become empty cells. For files of many rows use `writeCsv`.
 */
export function csvDocument(
  rows: readonly (readonly (string | number | null | undefined)[])[],
  options: CsvTextOptions = {},
): string {
  const delimiter = options.delimiter ?? ';';
  const comma = delimiter === ';';
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return comma ? String(v).replace('.', ',') : String(v);
    return v;
  };
  const body = rows.map((r) => csvLine(r.map(cell), delimiter)).join('\r\n');
  return `${options.bom === false ? '' : UTF8_BOM}${body}\r\n`;
}
