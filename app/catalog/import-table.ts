import Papa from 'papaparse';
import { AppError } from '../contract/errors';
import { readXlsxRows } from './xlsx-reader';

export type ImportFormat = 'csv' | 'xlsx';

/** The sheet's rows as cell texts; row i is spreadsheet line i + 1 (line 1 is the header). */
export function readTable(format: ImportFormat, content: string): string[][] {
  return format === 'csv' ? readCsv(content) : readXlsx(content);
}

function readCsv(content: string): string[][] {
  const text = content.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [';', ',', '\t', '|'] });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    const line = (broken.row ?? 0) + 1;
    throw new AppError('import_unreadable', `CSV quotes error at row ${line}`, `Linha ${line}: aspas não fechadas.`, {
      errors: [`Linha ${line}: aspas não fechadas.`],
    });
  }
  return parsed.data;
}

function readXlsx(content: string): string[][] {
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
