import type * as ExcelJS from 'exceljs';
import { lazyModule } from '../lazy-module';
import type { Cell, ExportColumn, SheetData } from './export.defs';

/** Excel formats of each column kind (pt-BR Excel shows them with its own separators). */
const NUM_FMT: Record<ExportColumn['kind'], string | undefined> = {
  text: undefined,
  int: '#,##0',
  money: '"R$" #,##0.00',
  qty: '#,##0.###',
  pct: '0.00%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Local wall time 'YYYY-MM-DD[ HH:MM[:SS]]' as a Date whose UTC fields are that wall time (Excel dates have no zone). */
const exceljs = lazyModule<typeof ExcelJS>('exceljs');

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

/** A raw value as the cell value of its column kind. */
export function xlsxValue(column: ExportColumn, value: Cell): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'money':
      return Number(value) / 100;
    case 'qty':
      return Number(value) / 1000;
    case 'pct':
      return Number(value) / 10_000;
    case 'int':
      return Number(value);
    case 'date':
      return wallDate(String(value).slice(0, 10));
    case 'datetime':
      return wallDate(String(value));
    default: {
      const s = String(value);
      return column.labels?.[s] ?? s;
    }
  }
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

/** Raw column total (centavos, thousandths, counts) added up exactly as integers. */
function addTo(totals: number[], columns: readonly ExportColumn[], row: readonly Cell[]): void {
  columns.forEach((c, i) => {
    if (c.total && typeof row[i] === 'number') totals[i] = (totals[i] ?? 0) + row[i];
  });
}

/** Counts a row (`due`: true every 1,000th) and, when due, reports progress and yields. */
type RowTick = (() => Promise<void>) & { due: () => boolean };

async function writeSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  data: SheetData,
  onRow: RowTick,
): Promise<void> {
  const sheet = workbook.addWorksheet(data.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = data.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const totals: number[] = [];
  let last = 1;
  const columns = data.columns;
  const n = columns.length;
  for (const raw of data.rows) {
    const values = new Array<ExcelJS.CellValue>(n);
    for (let i = 0; i < n; i++) values[i] = xlsxValue(columns[i] as ExportColumn, raw[i] ?? null);
    sheet.addRow(values).commit();
    addTo(totals, columns, raw);
    last++;
    // Only every 1,000th row awaits (progress, cancel, the stream draining): no promise per row.
    if (onRow.due()) await onRow();
  }
  const end = columnLetter(data.columns.length);
  if (last === 1) {
    sheet.addRow(['Sem dados neste período.']).commit();
  } else if (data.columns.some((c) => c.total)) {
    const row = sheet.addRow(
      data.columns.map((c, i) => {
        if (i === 0) return 'Total';
        if (!c.total) return null;
        const letter = columnLetter(i + 1);
        return { formula: `SUBTOTAL(109,${letter}2:${letter}${last})`, result: xlsxValue(c, totals[i] ?? 0) as number };
      }),
    );
    row.font = { bold: true };
    row.commit();
  }
  sheet.autoFilter = `A1:${end}${Math.max(last, 1)}`;
  sheet.commit();
}

/**
 * Writes sheets to an .xlsx file with exceljs' streaming writer (rows are committed as they
 * come; the workbook is never held in memory): bold frozen header, autofilter over the data,
 * widths, number formats per column kind, and a bold "Total" row of `SUBTOTAL(109, …)` formulas
 * with their cached results (so filtering keeps totals right and viewers that do not compute
 * formulas show them). A sheet without rows says "Sem dados neste período.".
 * `onRows` is told the running row count every 1,000 rows; `shouldStop` is polled as often.
 */
export async function writeXlsx(
  path: string,
  sheets: readonly SheetData[],
  onRows: WriteProgress = () => undefined,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const workbook = new (exceljs().stream.xlsx.WorkbookWriter)({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Balcão';
  let rows = 0;
  const onRow = Object.assign(
    async () => {
      onRows(rows);
      if (shouldStop()) throw new ExportCancelled();
      // Let the file stream drain and messages (cancel) arrive.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    { due: () => ++rows % 1000 === 0 },
  );
  for (const data of sheets) await writeSheet(workbook, data, onRow);
  await workbook.commit();
  onRows(rows);
}

/** Thrown inside a writer when the job was cancelled. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}
