import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { tempDbPath, tempDir } from '../../test/helpers';
import { openFixtureStore } from '../analytics/analytics.fixture';
import { newSession } from '../contract/context';
import { cli } from './reports.test-helpers';

async function fixture(): Promise<string> {
  const path = tempDbPath();
  const { app } = await openFixtureStore(path);
  // Accents in names: é, ç, ã (the CSV round trip in both encodings).
  const r = app.dispatch(
    'sales.apply',
    { action: 'update_customer_data', transaction_data: { external_id: 'C01', name: 'José Conceição Ação' } },
    newSession(true),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  app.close();
  return path;
}

async function readXlsx(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('exports (issue 15)', () => {
  it('writes vendas as a typed XLSX: dates, R$ numbers, bold frozen header, autofilter, SUBTOTAL totals = the database', async () => {
    const db = await fixture();
    const out = join(tempDir(), 'vendas.xlsx');
    const run = await cli(
      'export',
      '--db',
      db,
      '--what',
      'vendas',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--xlsx',
      out,
    );
    expect(run.code, run.err).toBe(0);
    const wb = await readXlsx(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Vendas']);
    const ws = wb.getWorksheet('Vendas') as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Número',
      'Data',
      'Unidade',
      'Vendedor',
      'Cliente',
      'Situação',
      'Itens',
      'Subtotal',
      'Descontos',
      'Total',
      'Devolvido',
      'Líquido',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // October dated sales (store days): 11 rows (S28 unpaid and S27 cancelled included), then the totals
    // row: Total R$ 1.290,00 (S10 counts 200, S02 90), Líquido R$ 1.090,00 (S27 cancelled 0, S10 100).
    expect(ws.rowCount).toBe(13);
    const first = ws.getRow(2);
    expect(first.getCell(2).value).toEqual(new Date('2026-10-01T12:00:00Z')); // 12:00 local as wall time
    expect(first.getCell(2).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(first.getCell(10).value).toBe(100);
    expect(first.getCell(10).numFmt).toBe('"R$" #,##0.00');
    expect(first.getCell(7).value).toBe(1);
    // Store code, salesperson and customer named (cached lookups, not joins): S23 at LJ01; S17 at LJ02 (Manaus).
    expect([first.getCell(3).value, first.getCell(4).value, first.getCell(5).value]).toEqual([
      'LJ01',
      'Carla',
      'Cliente C09',
    ]);
    const manaus = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
      .map((r) => ws.getRow(r))
      .filter((r) => r.getCell(3).value === 'LJ02');
    expect(manaus.map((r) => [r.getCell(4).value, r.getCell(5).value])).toEqual([['Bruno', 'Cliente C06']]);
    const total = ws.getRow(13);
    expect(total.getCell(1).value).toBe('Total');
    expect(total.getCell(12).value).toEqual({ formula: 'SUBTOTAL(109,L2:L12)', result: 1090 });
    expect(total.getCell(10).value).toEqual({ formula: 'SUBTOTAL(109,J2:J12)', result: 1290 });
    expect(total.getCell(12).numFmt).toBe('"R$" #,##0.00');
    expect(ws.autoFilter).toBe('A1:L12');
    // The database's own totals for the period (store days of October):
    const { openBalcao } = await import('../balcao');
    const app = await openBalcao(db);
    const sums = app.db
      .statement(
        `SELECT sum(ss.total_cents) AS total, sum(ss.net_cents) AS net FROM analytics_sales a JOIN sale_state ss ON ss.sale_id = a.sale_id
         WHERE a.local_date BETWEEN '2026-10-01' AND '2026-10-31'`,
      )
      .get() as { total: number; net: number };
    app.close();
    expect([sums.total / 100, sums.net / 100]).toEqual([1290, 1090]);
  });

  it('writes itens with quantities as numbers and margin % as a percentage; comissoes with the reversals', async () => {
    const db = await fixture();
    const dir = tempDir();
    expect(
      (
        await cli(
          'export',
          '--db',
          db,
          '--what',
          'itens',
          '--from',
          '2026-10-01',
          '--to',
          '2026-10-31',
          '--xlsx',
          join(dir, 'i.xlsx'),
        )
      ).code,
    ).toBe(0);
    const items = (await readXlsx(join(dir, 'i.xlsx'))).getWorksheet('Itens') as ExcelJS.Worksheet;
    expect(items.getRow(3).getCell(6).value).toBe(2); // S10: two shirts
    expect(items.getRow(2).getCell(12).value).toBe(0.6);
    expect(items.getRow(2).getCell(12).numFmt).toBe('0.00%');
    expect(
      (
        await cli(
          'export',
          '--db',
          db,
          '--what',
          'comissoes',
          '--from',
          '2026-10-01',
          '--to',
          '2026-10-31',
          '--xlsx',
          join(dir, 'c.xlsx'),
        )
      ).code,
    ).toBe(0);
    const com = (await readXlsx(join(dir, 'c.xlsx'))).getWorksheet('Comissões') as ExcelJS.Worksheet;
    expect((com.getRow(2).values as unknown[]).slice(1)).toEqual(['Carla', 'V01', 9, 690, 49.5, 15, 34.5, 0.05]);
    expect(com.getRow(4).getCell(7).value).toEqual({ formula: 'SUBTOTAL(109,G2:G3)', result: 54.5 });
  });

  it('round-trips é, ç, ã through CSV in UTF-8 (BOM, ";", decimal comma) and Windows-1252, and "," with decimal point', async () => {
    const db = await fixture();
    const dir = tempDir();
    const args = ['--db', db, '--what', 'clientes', '--from', '2026-10-01', '--to', '2026-10-31'];
    expect((await cli('export', ...args, '--csv', join(dir, 'u.csv'))).code).toBe(0);
    expect((await cli('export', ...args, '--csv', join(dir, 'w.csv'), '--encoding', 'win1252')).code).toBe(0);
    expect((await cli('export', ...args, '--csv', join(dir, 'c.csv'), '--delimiter', ',')).code).toBe(0);
    const utf = readFileSync(join(dir, 'u.csv'));
    expect([...utf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const win = readFileSync(join(dir, 'w.csv'));
    expect(win.includes(Buffer.from('José', 'latin1'))).toBe(true); // é as the single byte 0xE9
    for (const [text, delimiter] of [
      [utf.toString('utf8').replace(/^\uFEFF/, ''), ';'],
      [iconv.decode(win, 'win1252'), ';'],
    ] as const) {
      const rows = Papa.parse<string[]>(text.trim(), { delimiter }).data;
      expect(rows[0]?.[0]).toBe('Nome');
      const jose = rows.find((r) => r[0] === 'José Conceição Ação');
      expect(jose?.slice(6)).toEqual(['2', '190,00', '31/10/2026']);
      // October's purchases: 9, net values R$ 990,00 (issue 13's fixture)
      expect(rows.at(-1)?.slice(0, 8)).toEqual(['Total', '', '', '', '', '', '9', '990,00']);
    }
    const comma = Papa.parse<string[]>(
      readFileSync(join(dir, 'c.csv'), 'utf8')
        .replace(/^\uFEFF/, '')
        .trim(),
      {
        delimiter: ',',
      },
    ).data;
    const jose = comma.find((r) => r[0] === 'José Conceição Ação');
    expect(jose?.slice(6)).toEqual(['2', '190.00', '2026-10-31']);
  });

  it('produces valid files that say there is no data for an empty period', async () => {
    const db = await fixture();
    const dir = tempDir();
    const period = ['--from', '2024-03-01', '--to', '2024-03-31'];
    expect((await cli('export', '--db', db, '--what', 'vendas', ...period, '--xlsx', join(dir, 'v.xlsx'))).code).toBe(
      0,
    );
    const ws = (await readXlsx(join(dir, 'v.xlsx'))).getWorksheet('Vendas') as ExcelJS.Worksheet;
    expect(ws.getRow(2).getCell(1).value).toBe('Sem dados neste período.');
    expect((await cli('export', '--db', db, '--what', 'leads', ...period, '--csv', join(dir, 'l.csv'))).code).toBe(0);
    expect(readFileSync(join(dir, 'l.csv'), 'utf8')).toBe(
      '\uFEFFNome;Telefone;E-mail;Origem;Etapa;Pontuação BANT;Criado em;Convertido em;Motivo da perda\r\nSem dados neste período.\r\n',
    );
    expect((await cli('report', 'monthly', '--db', db, '--month', '2024-03', '--xlsx', join(dir, 'm.xlsx'))).code).toBe(
      0,
    );
    const month = await readXlsx(join(dir, 'm.xlsx'));
    expect(month.worksheets.map((w) => w.name)).toEqual([
      'Resumo',
      'Receita por dia',
      'Formas de pagamento',
      'Unidades',
      'Produtos',
      'Comissões',
      'Categorias',
      'Caixas',
      'RFM',
      'Agenda',
      'Leads',
      'Atendimentos',
    ]);
    expect(month.getWorksheet('Produtos')?.getRow(2).getCell(1).value).toBe('Sem dados neste período.');
  });

  it('refuses bad input in pt-BR and writes nothing', async () => {
    const db = await fixture();
    const out = join(tempDir(), 'x.csv');
    const bad = await cli(
      'export',
      '--db',
      db,
      '--what',
      'estoque',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--csv',
      out,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Escolha o que exportar');
    const reversed = await cli(
      'export',
      '--db',
      db,
      '--what',
      'vendas',
      '--from',
      '2026-10-31',
      '--to',
      '2026-10-01',
      '--csv',
      out,
    );
    expect(reversed.err).toContain('A data inicial deve ser anterior ou igual à final.');
    const both = await cli('export', '--db', db, '--what', 'vendas', '--from', '2026-10-01', '--to', '2026-10-31');
    expect(both.err).toContain('Informe --xlsx ARQUIVO.xlsx ou --csv ARQUIVO.csv.');
    expect(() => readFileSync(out)).toThrow();
  });
});
