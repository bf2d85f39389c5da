import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import type { ExportColumn, SheetData } from './export.defs';
import { ExportCancelled, writeXlsx } from './xlsx.writer';

const COLUMNS: ExportColumn[] = [
  { header: 'Nome & <código>', kind: 'text', width: 21, labels: { vip: 'Cliente VIP' } },
  { header: 'Data', kind: 'datetime', width: 17 },
  { header: 'Dia', kind: 'date', width: 12 },
  { header: 'Qtd', kind: 'qty', width: 8, total: true },
  { header: 'Valor', kind: 'money', width: 14, total: true },
  { header: 'Margem %', kind: 'pct', width: 10 },
  { header: 'Vendas', kind: 'int', width: 9, total: true },
];

function sheet(rows: SheetData['rows'], name = 'Vendas'): SheetData {
  return { sheet: name, columns: COLUMNS, count: 0, rows };
}

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('writeXlsx (hand-written sheet XML, issue 15)', () => {
  it('writes values, number formats, widths, bold frozen header, autofilter and SUBTOTAL totals exceljs reads back', async () => {
    const out = join(tempDir(), 'v.xlsx');
    await writeXlsx(out, [
      sheet([
        ['vip', '2026-10-01 09:05:00', '2026-10-01', 2500, 123456, 3350, 3],
        [' Ana "Zé" <ç>\u0001 ', '2026-12-31 23:59:59', '2026-12-31', 1000, -5, null, 1],
        [null, null, null, null, null, null, null],
      ]),
      sheet([], 'Vazia'),
    ]);
    const wb = await read(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Vendas', 'Vazia']);
    const ws = wb.getWorksheet('Vendas') as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.header));
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:G4');
    expect([ws.getColumn(1).width, ws.getColumn(2).width, ws.getColumn(5).width]).toEqual([21, 17, 14]);
    const r2 = ws.getRow(2);
    expect(r2.getCell(1).value).toBe('Cliente VIP'); // through the column's labels
    expect(r2.getCell(2).value).toEqual(new Date('2026-10-01T09:05:00Z')); // wall time, no zone
    expect(r2.getCell(2).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(r2.getCell(3).value).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(r2.getCell(3).numFmt).toBe('dd/mm/yyyy');
    expect([r2.getCell(4).value, r2.getCell(4).numFmt]).toEqual([2.5, '#,##0.###']);
    expect([r2.getCell(5).value, r2.getCell(5).numFmt]).toEqual([1234.56, '"R$" #,##0.00']);
    expect([r2.getCell(6).value, r2.getCell(6).numFmt]).toEqual([0.335, '0.00%']);
    expect([r2.getCell(7).value, r2.getCell(7).numFmt]).toEqual([3, '#,##0']);
    const r3 = ws.getRow(3);
    // XML specials escaped, a control character dropped, spaces at the ends kept.
    expect(r3.getCell(1).value).toBe(' Ana "Zé" <ç> ');
    expect(r3.getCell(2).value).toEqual(new Date('2026-12-31T23:59:59Z'));
    expect(r3.getCell(5).value).toBe(-0.05);
    expect(r3.getCell(6).value).toBeNull();
    expect((ws.getRow(4).values as unknown[]).filter((v) => v !== undefined)).toEqual([]);
    const total = ws.getRow(5);
    expect(total.getCell(1).value).toBe('Total');
    expect(total.font?.bold).toBe(true);
    expect(total.getCell(4).value).toEqual({ formula: 'SUBTOTAL(109,D2:D4)', result: 3.5 });
    expect(total.getCell(5).value).toEqual({ formula: 'SUBTOTAL(109,E2:E4)', result: 1234.51 });
    expect(total.getCell(5).numFmt).toBe('"R$" #,##0.00');
    expect(total.getCell(7).value).toEqual({ formula: 'SUBTOTAL(109,G2:G4)', result: 4 });
    expect(total.getCell(6).value).toBeNull(); // no total for percentages
    const empty = wb.getWorksheet('Vazia') as ExcelJS.Worksheet;
    expect(empty.getRow(2).getCell(1).value).toBe('Sem dados neste período.');
    expect(empty.rowCount).toBe(2);
  });

  it('stops with ExportCancelled at the next 1,000-row check and reports progress', async () => {
    const out = join(tempDir(), 'c.xlsx');
    function* many() {
      for (let i = 0; i < 5000; i++) yield ['x', '2026-10-01 09:05:00', '2026-10-01', 1000, 100, 0, 1];
    }
    const seen: number[] = [];
    const run = writeXlsx(
      out,
      [sheet(many())],
      (n) => seen.push(n),
      () => seen.length >= 2,
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(seen).toEqual([1000, 2000]);
    expect(existsSync(out)).toBe(true); // closed, for the caller (generateReport) to remove
  });
});
