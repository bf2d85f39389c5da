import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError } from '../contract/errors';
import { readXlsxRows, type XlsxCell } from './xlsx-reader';

export type ImportFormat = 'csv' | 'xlsx';
/** What a CSV's columns are separated by; Excel in pt-BR writes ';' (the comma is the decimal mark). */
export type CsvDelimiter = ';' | ',' | '\t';
/** A cell: text, or (XLSX only) the number the sheet holds, to be rounded by the field's unit. */
export type ImportCell = XlsxCell;

export interface TableSource {
  format: ImportFormat;
  /** CSV text, or base64 bytes (XLSX always; CSV when `encoding` is 'base64'). */
  content: string;
  encoding?: 'text' | 'base64';
  /** The user's choice; absent, the separator is read from the header line. */
  delimiter?: CsvDelimiter;
}

/** The sheet's rows; row i is spreadsheet line i + 1 (line 1 is the header). */
export function readTable(source: TableSource): ImportCell[][] {
  if (source.format === 'xlsx') return readXlsx(source.content);
  const text = source.encoding === 'base64' ? decodeCsvBytes(Buffer.from(source.content, 'base64')) : source.content;
  return readCsv(text, source.delimiter);
}

/**
 * CSV bytes as text: strict UTF-8 when they are valid UTF-8 (with or without a BOM), otherwise
 * Windows-1252, what Excel in Brazil writes. iconv-lite, because Node 20's TextDecoder maps
 * 0x80–0x9F (€, “ ”, –) to control characters (nodejs/node#60888).
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'win1252');
  }
}

/**
 * The separator of a CSV, judged on its header line only (data lines hold decimal commas and
 * the file may end with an empty line): the most frequent of ';', tab and ',' outside quotes;
 * on a tie ';' wins, then tab. A header with none of them is one column: ','.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === '\t' || ch === ',')) counts[ch] += 1;
  }
  if (counts[';'] + counts['\t'] + counts[','] === 0) return ',';
  const order: CsvDelimiter[] = [';', '\t', ','];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best));
}

function readCsv(content: string, delimiter: CsvDelimiter | undefined): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { delimiter: delimiter ?? detectDelimiter(text) });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    const line = (broken.row ?? 0) + 1;
    throw new AppError('import_unreadable', `CSV quotes error at row ${line}`, `Linha ${line}: aspas não fechadas.`, {
      errors: [`Linha ${line}: aspas não fechadas.`],
    });
  }
  return parsed.data;
}

function readXlsx(content: string): ImportCell[][] {
  const bytes = Buffer.from(content, 'base64');
  // Every .xlsx is a zip archive; anything else (an old .xls, a CSV renamed) is not worth a worker.
  const result =
    bytes.subarray(0, 2).toString('latin1') === 'PK'
      ? readXlsxRows(bytes)
      : { ok: false as const, message: 'not a zip' };
  if (!result.ok) {
    throw new AppError(
      'import_unreadable',
      `Unreadable XLSX: ${result.message}`,
      'Não foi possível ler o arquivo XLSX. Salve a planilha como .xlsx (Excel 2007 ou mais novo) ou como CSV.',
    );
  }
  return result.rows;
}
