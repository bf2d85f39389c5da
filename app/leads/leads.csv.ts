import { AppError } from '../contract/errors';

/** One CSV record and the file line it starts on (1-based; a quoted line break spans lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into records, keeping each record's own line number in the file: quoted
 * fields may hold the separator, `""` and line breaks (CRLF, LF or CR); records that are only an
 * empty line are left out (their lines still count). A BOM is dropped. An unclosed quote is
 * `import_unreadable` naming the line where the field began.
 */
export function parseCsvRecords(content: string, delimiter: string): CsvRecord[] {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0]?.trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    field = '';
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      if (!closed) {
        throw new AppError('import_unreadable', `Unclosed quote at line ${quoteLine}`, `Linha ${quoteLine}: aspas não fechadas.`, {
          line: quoteLine,
        });
      }
      continue;
    }
    if (ch === delimiter) {
      cells.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || cells.length > 0) endRecord();
  return records;
}
