import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, sessionAs } from './catalog.fixtures';

const CSV = [
  'sku,nome,categoria,preco,custo,codigo_barras,tamanho,cor,estoque',
  'TEN-01-37,Tênis Casual,Calçados,"199,90",112.55,7891000100011,37,Azul,5',
  'TEN-01-38,Tênis Casual,Calçados,199.90,"112,55",7891000100028 7891000100035,38,Azul,',
  'MEIA-01,Meia Soquete,Acessórios,"12,5",,,,,"10"',
].join('\n');

async function xlsxBase64(rows: (string | number | null)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Produtos');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

function variant(app: Awaited<ReturnType<typeof openSetUpApp>>['app'], sku: string) {
  return app.db.raw
    .prepare(
      `SELECT v.price_cents, v.cost_cents, v.size, v.color, p.name, p.category, p.external_id AS product,
        (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.variant_id = v.id) AS barcodes,
        coalesce((SELECT qty_milli FROM stock_levels s WHERE s.variant_id = v.id), 0) AS stock_milli
       FROM variants v JOIN products p ON p.id = v.product_id WHERE v.external_id = ?`,
    )
    .get(sku);
}

describe('catalog.import', () => {
  it('imports a CSV: prices in centavos, barcodes, initial stock as a receiving', async () => {
    const { app, session } = await openSetUpApp();
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: CSV }, session));
    expect(result).toMatchObject({ dry_run: false, rows: 3, created: 3, updated: 0, stock_received: 2 });
    expect(variant(app, 'TEN-01-37')).toEqual({
      price_cents: 19990,
      cost_cents: 11255,
      size: '37',
      color: 'Azul',
      name: 'Tênis Casual',
      category: 'Calçados',
      product: 'TEN-01-37',
      barcodes: '7891000100011',
      stock_milli: 5000,
    });
    expect(variant(app, 'TEN-01-38')).toMatchObject({ cost_cents: 11255, barcodes: '7891000100028 7891000100035' });
    expect(variant(app, 'MEIA-01')).toMatchObject({ price_cents: 1250, cost_cents: 0, stock_milli: 10_000 });
    const movements = app.db.raw
      .prepare('SELECT kind, qty_milli, reason FROM stock_movements ORDER BY qty_milli')
      .all();
    expect(movements).toEqual([
      { kind: 'receiving', qty_milli: 5000, reason: 'Importação de produtos' },
      { kind: 'receiving', qty_milli: 10_000, reason: 'Importação de produtos' },
    ]);
    const outbox = app.db.raw
      .prepare(
        "SELECT table_name, count(*) AS n FROM sync_outbox WHERE table_name != 'stores' AND table_name != 'registers' AND table_name != 'users' GROUP BY table_name ORDER BY table_name",
      )
      .all();
    expect(outbox).toEqual([
      { table_name: 'barcodes', n: 3 },
      { table_name: 'products', n: 3 },
      { table_name: 'stock_movements', n: 2 },
      { table_name: 'variants', n: 3 },
    ]);
  });

  it('reads pt-BR headers, semicolons, a BOM and grouped thousands; updates existing SKUs without touching their stock', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    const csv = [
      '\uFEFFCódigo;Código Produto;Descrição;Categoria;Preço de Venda;Custo;EAN;Estoque',
      'CAM-001-AZ-M;CAM-001;Camisa Polo Algodão;Camisas;1.299,90;42;;7',
      'CAM-001-AZ-G;CAM-001;Camisa Polo Algodão;Camisas;1.299,90;42;;3',
    ].join('\r\n');
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: csv }, session));
    expect(result).toMatchObject({ created: 1, updated: 1, stock_received: 1, stock_skipped: 1 });
    expect(variant(app, 'CAM-001-AZ-M')).toMatchObject({ price_cents: 129_990, cost_cents: 4200, stock_milli: 0 });
    expect(variant(app, 'CAM-001-AZ-G')).toMatchObject({ product: 'CAM-001', stock_milli: 3000 });
  });

  it('imports a real XLSX, numbers and texts alike', async () => {
    const { app, session } = await openSetUpApp();
    const content = await xlsxBase64([
      ['SKU', 'Nome', 'Categoria', 'Preço', 'Custo', 'Código de barras', 'Estoque', 'Vendido por peso'],
      ['QJ-KG', 'Queijo Minas', 'Frios', 54.9, 31.2, 7891000200018, 2.5, 'sim'],
      ['PAO-UN', 'Pão de Queijo', 'Padaria', '3,50', null, '7891000200025', 40, null],
    ]);
    const result = expectOk(app.dispatch('catalog.import', { format: 'xlsx', content }, session));
    expect(result).toMatchObject({ created: 2, stock_received: 2 });
    expect(variant(app, 'QJ-KG')).toMatchObject({
      price_cents: 5490,
      cost_cents: 3120,
      barcodes: '7891000200018',
      stock_milli: 2500,
    });
    expect(variant(app, 'PAO-UN')).toMatchObject({ price_cents: 350, stock_milli: 40_000 });
  });

  it('refuses a file with bad rows, listing each in pt-BR, and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const csv = [
      'sku,nome,categoria,preco,estoque',
      'A-1,Produto A,Geral,"10,00",1',
      'A-2,Produto B,Geral,dez,1',
      'A-3,,Geral,5,',
      'A-1,Produto C,Geral,5,',
      'A-4,Produto D,Geral,"12,345",1,extra',
      'A-5,Produto E,Geral,5,"1,5"',
    ].join('\n');
    const error = expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: csv },
      {
        code: 'import_invalid',
        message: 'A planilha tem 5 erros; nada foi importado.',
      },
    );
    expect(error.details?.errors).toEqual([
      'Linha 3: preço inválido: "dez" (use 12,34).',
      'Linha 4: Informe o nome do produto.',
      'Linha 5: SKU A-1 repetido (já está na linha 2).',
      'Linha 6: mais valores que colunas no cabeçalho (use aspas em valores com vírgula, ou separe por ;).',
      'Linha 7: estoque fracionado só para produtos vendidos por peso.',
    ]);
  });

  it('refuses a barcode that belongs to another product, naming the line, and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    const csv = ['sku,nome,categoria,preco,ean', 'NOVO-1,Novo,Geral,5,', 'NOVO-2,Outro,Geral,5,7891234567895'].join(
      '\n',
    );
    const error = expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: csv },
      {
        code: 'import_invalid',
        message: 'A planilha tem 1 erro; nada foi importado.',
      },
    );
    expect(error.details?.errors).toEqual([
      'Linha 3: O código de barras 7891234567895 já pertence a outro produto (SKU CAM-001-AZ-M).',
    ]);
  });

  it('refuses missing columns, an unreadable XLSX, an empty sheet and a cashier, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: 'sku,nome\nA,B' },
      {
        code: 'import_missing_columns',
        message: 'Faltam colunas obrigatórias: categoria, preço.',
      },
    );
    expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'xlsx', content: Buffer.from('a;b').toString('base64') },
      {
        code: 'import_unreadable',
        message: /^Não foi possível ler o arquivo XLSX/,
      },
    );
    expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'xlsx', content: 'UEsDBAo=' },
      {
        code: 'import_unreadable',
        message: /^Não foi possível ler o arquivo XLSX/,
      },
    );
    expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: 'sku,nome,categoria,preco\n\n' },
      {
        code: 'import_empty',
        message: 'A planilha não tem nenhum produto.',
      },
    );
    expectRefusal(
      app,
      sessionAs('cashier'),
      'catalog.import',
      { format: 'csv', content: CSV },
      {
        code: 'forbidden',
        message: 'Seu perfil não tem permissão para esta ação.',
      },
    );
  });

  it('dry_run counts what would change and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: CSV, dry_run: true }, session));
    expect(result).toMatchObject({ dry_run: true, created: 3, updated: 0, stock_received: 2 });
    expect(result.preview.map((p) => [p.line, p.sku, p.price_cents, p.action])).toEqual([
      [2, 'TEN-01-37', 19990, 'create'],
      [3, 'TEN-01-38', 19990, 'create'],
      [4, 'MEIA-01', 1250, 'create'],
    ]);
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('imports 5,000 rows in one go, every barcode searchable (its speed is in npm run bench)', async () => {
    const { app, session } = await openSetUpApp();
    const lines = ['sku;nome;categoria;preco;custo;ean;tamanho;cor;estoque'];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `SKU-${i};Produto ${i} Algodão;Cat ${i % 20};${(i % 900) + 1},90;${(i % 500) + 1},10;${7_890_000_000_000 + i};M;Azul;3`,
      );
    }
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: lines.join('\n') }, session));
    expect(result).toMatchObject({ created: 5000, stock_received: 5000 });
    expect(app.db.raw.prepare('SELECT count(*) FROM stock_levels').pluck().get()).toBe(5000);
    const search = expectOk(app.dispatch('catalog.search', { query: '7890000004999' }, session));
    expect(search[0]?.sku).toBe('SKU-4999');
  });
});
