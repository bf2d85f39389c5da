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
  const delimCode = delimiter.charCodeAt(0);
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
        const q = text.indexOf('"', i);
        const chunk = q < 0 ? text.slice(i) : text.slice(i, q);
        line += countLineBreaks(chunk);
        field += chunk;
        if (q < 0) {
          i = n;
          break;
        }
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        throw new AppError(
          'import_unreadable',
          `Unclosed quote at line ${quoteLine}`,
          `Linha ${quoteLine}: aspas não fechadas.`,
          {
            line: quoteLine,
          },
        );
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
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delimCode || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || cells.length > 0) endRecord();
  return records;
}

/** Line breaks in a quoted chunk: CRLF counts once, a lone CR or LF once each. */
function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let k = 0; k < chunk.length; k++) {
    const c = chunk.charCodeAt(k);
    if (c === 10 || (c === 13 && chunk.charCodeAt(k + 1) !== 10)) count++;
  }
  return count;
}
