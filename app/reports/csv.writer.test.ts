import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { csvValue, writeCsv, type CsvOptions } from './csv.writer';
import type { Cell, ExportColumn } from './export.defs';

const COLUMNS: ExportColumn[] = [
  { header: 'Valor', kind: 'money', width: 10, total: true },
  { header: 'Qtd', kind: 'qty', width: 8, total: true },
  { header: 'Data', kind: 'datetime', width: 17 },
  { header: 'Dia', kind: 'date', width: 12 },
  { header: 'Nome', kind: 'text', width: 20, labels: { a: 'Situação; "A"' } },
  { header: 'N', kind: 'int', width: 5 },
];

const ROWS: Cell[][] = [
  [123456, 2500, '2026-10-31 14:05:59', '2026-10-31', 'Ana', 3],
  [-5, -1000, '2026-01-02T08:09:10', '2026-01-02 10:00:00', 'a', -1],
  [0, 0, null, null, null, null],
  [-123456, 1, '2026-12-25 00:00:00', '2026-12-25', 'linha\r\noutra', 0],
  [10.5, 0.5, '2026-12-25 00:00', '2026-12-25', 'x', 1],
];

async function csv(options: CsvOptions): Promise<string> {
  const path = join(tempDir(), 'w.csv');
  await writeCsv(path, { sheet: 'T', columns: COLUMNS, count: ROWS.length, rows: ROWS }, options);
  return readFileSync(path, 'utf8');
}

describe('writeCsv cells (fast paths write what csvValue writes)', () => {
  it('writes money, quantities, wall times, labels and quoting exactly, with ";" and ","', async () => {
    expect(await csv({ delimiter: ';', encoding: 'utf8' })).toBe(
      '\uFEFFValor;Qtd;Data;Dia;Nome;N\r\n' +
        '1234,56;2,5;31/10/2026 14:05;31/10/2026;Ana;3\r\n' +
        '-0,05;-1;02/01/2026 08:09;02/01/2026;"Situação; ""A""";-1\r\n' +
        '0,00;0;;;;\r\n' +
        '-1234,56;0,001;25/12/2026 00:00;25/12/2026;"linha\r\noutra";0\r\n' +
        `${csvValue(COLUMNS[0]!, 10.5, { delimiter: ';', encoding: 'utf8' })};${csvValue(COLUMNS[1]!, 0.5, { delimiter: ';', encoding: 'utf8' })};25/12/2026 00:00;25/12/2026;x;1\r\n` +
        // The first column carries the label; the quantity total is 2500 − 1000 + 1 + 0,5 thousandths.
        'Total;1,501;;;;\r\n',
    );
    const comma = await csv({ delimiter: ',', encoding: 'utf8' });
    expect(comma.split('\r\n').slice(1, 3)).toEqual([
      '1234.56,2.5,2026-10-31 14:05,2026-10-31,Ana,3',
      '-0.05,-1,2026-01-02 08:09,2026-01-02,"Situação; ""A""",-1',
    ]);
  });
});

describe('writeCsv UTF-8 bytes (csv.bytes.ts) and the text path', () => {
  it('write the same text for any value of every kind, with ";" and ","', async () => {
    // A seeded generator: the same values every run.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    const texts = ['Ana', 'José Conceição', 'a', '', 'x;y', 'dito "isso"', 'linha\noutra', 'p,q', 'Situação'];
    const rows: Cell[][] = [];
    for (let r = 0; r < 400; r++) {
      const big = rand(2) ? rand(1_000_000_000) * 1000 + rand(1000) : rand(1000);
      const sign = rand(3) === 0 ? -1 : 1;
      const day = `2026-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;
      const time = `${String(rand(24)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}:0${rand(10)}`;
      rows.push([
        rand(9) === 0 ? null : sign * big,
        rand(9) === 0 ? null : sign * rand(100_000),
        rand(9) === 0 ? null : rand(2) ? `${day} ${time}` : `${day}T${time}`,
        rand(9) === 0 ? null : day,
        rand(9) === 0 ? null : (texts[rand(texts.length)] as string),
        rand(9) === 0 ? null : sign * rand(1_000_000),
      ]);
    }
    rows.push([1.5, 0.25, 'não é data', 'x', 7, 2.5]);
    for (const delimiter of [';', ','] as const) {
      const write = async (encoding: 'utf8' | 'win1252') => {
        const path = join(tempDir(), `${encoding}.csv`);
        await writeCsv(path, { sheet: 'T', columns: COLUMNS, count: rows.length, rows }, { delimiter, encoding });
        const bytes = readFileSync(path);
        return encoding === 'utf8' ? bytes.subarray(3).toString('utf8') : iconv.decode(bytes, 'win1252');
      };
      const [utf8, text] = [await write('utf8'), await write('win1252')];
      expect(utf8.split('\r\n').length).toBeGreaterThan(400);
      expect(utf8).toBe(text);
    }
  });
});
