import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { withGtinCheckDigit } from '../br/gtin';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, sessionAs } from './catalog.fixtures';
import { IMPORT_COLUMNS, mapHeader, SCREEN_COLUMNS } from './import-columns';
import { detectDelimiter } from './import-table';

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
        "SELECT table_name, count(*) AS n FROM sync_outbox WHERE table_name NOT IN ('stores', 'registers', 'users', 'audit_log') GROUP BY table_name ORDER BY table_name",
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
        `SKU-${i};Produto ${i} Algodão;Cat ${i % 20};${(i % 900) + 1},90;${(i % 500) + 1},10;${withGtinCheckDigit(String(789_000_000_000 + i))};M;Azul;3`,
      );
    }
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: lines.join('\n') }, session));
    expect(result).toMatchObject({ created: 5000, stock_received: 5000 });
    expect(app.db.raw.prepare('SELECT count(*) FROM stock_levels').pluck().get()).toBe(5000);
    const search = expectOk(app.dispatch('catalog.search', { query: withGtinCheckDigit('789000004999') }, session));
    expect(search[0]?.sku).toBe('SKU-4999');
  });
});

describe('catalog.import from pt-BR Excel', () => {
  const EXCEL_CSV =
    'SKU;Nome;Categoria;Preço;Custo;Estoque\r\nT1;Produto 1;Roupas;10,90;5,50;3\r\nT2;Produto 2;Roupas;7,00;2,25;1\r\n';

  it('reads a ; file with decimal commas, CRLF and a final line break (separator from the header)', async () => {
    const { app, session } = await openSetUpApp();
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: EXCEL_CSV }, session));
    expect(result).toMatchObject({ rows: 2, created: 2, stock_received: 2, ignored_columns: [] });
    expect(variant(app, 'T1')).toMatchObject({ price_cents: 1090, cost_cents: 550, stock_milli: 3000 });
    expect(variant(app, 'T2')).toMatchObject({ price_cents: 700, cost_cents: 225, stock_milli: 1000 });
  });

  it('reads tab-separated files, and the user can override the separator', async () => {
    const { app, session } = await openSetUpApp();
    const tsv = 'sku\tnome\tcategoria\tpreco\nT1\tProduto, um\tRoupas\t10,90\n';
    expectOk(app.dispatch('catalog.import', { format: 'csv', content: tsv }, session));
    expect(variant(app, 'T1')).toMatchObject({ name: 'Produto, um', price_cents: 1090 });
    expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: EXCEL_CSV, delimiter: ',' },
      {
        code: 'import_missing_columns',
        message: 'Faltam colunas obrigatórias: sku (ou código), nome, categoria, preço.',
      },
    );
    const commas = 'sku,nome,categoria,preco\nT9,"Camisa; Polo",Roupas,"12,50"\n';
    expectOk(app.dispatch('catalog.import', { format: 'csv', content: commas, delimiter: ',' }, session));
    expect(variant(app, 'T9')).toMatchObject({ name: 'Camisa; Polo', price_cents: 1250 });
  });

  it('decodes CSV bytes as UTF-8, or as Windows-1252 when they are not UTF-8', async () => {
    const { app, session } = await openSetUpApp();
    const text = 'Código;Descrição;Categoria;Preço\r\nA1;Calção “Praia” € 1;Calçados;10,90\r\n';
    const win1252 = iconv.encode(text, 'win1252').toString('base64');
    expectOk(app.dispatch('catalog.import', { format: 'csv', content: win1252, encoding: 'base64' }, session));
    expect(variant(app, 'A1')).toMatchObject({ name: 'Calção “Praia” € 1', category: 'Calçados', price_cents: 1090 });
    const utf8 = Buffer.from(`\uFEFF${text.replace('A1', 'A2')}`, 'utf8').toString('base64');
    expectOk(app.dispatch('catalog.import', { format: 'csv', content: utf8, encoding: 'base64' }, session));
    expect(variant(app, 'A2')).toMatchObject({ name: 'Calção “Praia” € 1', category: 'Calçados' });
  });

  it('refuses a barcode Excel turned into scientific notation, on its line, and writes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    const csv = 'SKU;Nome;Categoria;Preço;Código de barras\r\nT1;Produto 1;Roupas;10,90;7,89123E+12\r\n';
    const error = expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: csv },
      { code: 'import_invalid', message: 'A planilha tem 1 erro; nada foi importado.' },
    );
    expect(error.details?.errors).toEqual([
      'Linha 2: o código de barras 7,89123E+12 foi convertido pelo Excel em notação científica; formate a coluna como texto.',
    ]);
    expect(dumpContent(app.db)).toEqual(before);
    expectRefusal(
      app,
      session,
      'catalog.lookupBarcode',
      { code: '7' },
      {
        code: 'unknown_barcode',
        message: 'Código de barras não encontrado: 7',
      },
    );
  });

  it('refuses barcodes that are not GTINs, and commas inside a number, naming each line', async () => {
    const { app, session } = await openSetUpApp();
    const csv = [
      'sku;nome;categoria;preco;ean',
      'B1;Um;Geral;5;7891000100012',
      'B2;Dois;Geral;5;7891000100011,7891000100028',
      'B3;Três;Geral;5;7',
      'B4;Quatro;Geral;5;7891000100011, 7891000100028',
    ].join('\n');
    const error = expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: csv },
      { code: 'import_invalid', message: 'A planilha tem 3 erros; nada foi importado.' },
    );
    expect(error.details?.errors).toEqual([
      'Linha 2: o código de barras 7891000100012 não é um EAN/GTIN válido (confira os dígitos; códigos internos da loja precisam ser permitidos nas regras).',
      'Linha 3: o código de barras 7891000100011,7891000100028 tem vírgula; separe vários códigos com ; ou espaço.',
      'Linha 4: o código de barras 7 não é um EAN/GTIN válido (confira os dígitos; códigos internos da loja precisam ser permitidos nas regras).',
    ]);
  });

  it('rounds XLSX numbers half up to centavos and thousandths (a formula giving 89.69999999999999 is R$ 89,70)', async () => {
    const { app, session } = await openSetUpApp();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Produtos');
    sheet.addRow(['SKU', 'Nome', 'Categoria', 'Preço', 'Custo', 'Estoque', 'Vendido por peso', 'Código de barras']);
    sheet.addRow(['F1', 'Kit 3 camisetas', 'Roupas', null, 10.005, 3, 'não', 7891000100011]);
    sheet.getCell('D2').value = { formula: 'ROUND(29.9,1)*3', result: 29.9 * 3 };
    sheet.addRow([1002, 'Queijo', 'Frios', 54.9, 0.1 + 0.2, 2.0005, 'sim', null]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    expect(29.9 * 3).toBe(89.69999999999999);
    expectOk(app.dispatch('catalog.import', { format: 'xlsx', content }, session));
    expect(variant(app, 'F1')).toMatchObject({
      price_cents: 8970,
      cost_cents: 1001,
      stock_milli: 3000,
      barcodes: '7891000100011',
    });
    expect(variant(app, '1002')).toMatchObject({ price_cents: 5490, cost_cents: 30, stock_milli: 2001 });
  });

  it('groups variants by the "Código do produto" column the screen lists, and knows every column it lists', async () => {
    const { app, session } = await openSetUpApp();
    const csv = [
      'SKU;Código do produto;Nome;Categoria;Preço;Tamanho',
      'TEN-37;TEN;Tênis;Calçados;199,90;37',
      'TEN-38;TEN;Tênis;Calçados;199,90;38',
    ].join('\r\n');
    const result = expectOk(app.dispatch('catalog.import', { format: 'csv', content: csv }, session));
    expect(result.ignored_columns).toEqual([]);
    expect(variant(app, 'TEN-37')).toMatchObject({ product: 'TEN', size: '37' });
    expect(variant(app, 'TEN-38')).toMatchObject({ product: 'TEN', size: '38' });
    const { columns, ignored } = mapHeader(SCREEN_COLUMNS.map(([label]) => label));
    expect(ignored).toEqual([]);
    expect(Object.keys(columns).sort()).toEqual(Object.keys(IMPORT_COLUMNS).sort());
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['SKU;Nome;Categoria;Preço\r\nT1;Produto 1;Roupas;10,90,5,50,3,2\r\n', ';'],
    ['sku,nome,categoria,preco\n', ','],
    ['sku\tnome\tpreco\n', '\t'],
    ['"a;b",c,d\n', ','],
    ['sku\n1;2;3', ','],
    ['a;b,c\n', ';'],
  ] as const)('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
