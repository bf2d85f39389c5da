import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpc, test } from './fixtures';

// Two saves and a first run on a shared 2-core machine: more than the default 30 s at times.
test.setTimeout(60_000);

async function openConfig(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('tab', { name: 'Loja' })).toHaveAttribute('aria-selected', 'true');
}

test('Importar reads a CSV saved by Excel in pt-BR (; and Windows-1252) and refuses scientific notation', async ({
  page,
  server,
}) => {
  await openConfig(page, server.url);
  await page.getByRole('tab', { name: 'Importar' }).click();
  const form = page.getByRole('form', { name: 'Importar produtos' });
  await expect(form).toContainText('código do produto (agrupa variantes)');
  const excel =
    'SKU;Nome;Categoria;Preço;Custo;Estoque\r\nT1;Calção 1;Roupas;10,90;5,50;3\r\nT2;Produto 2;Roupas;7,00;2,25;1\r\n';
  await form.getByLabel('Arquivo da planilha (CSV ou XLSX)').setInputFiles({
    name: 'produtos.csv',
    mimeType: 'text/csv',
    buffer: iconv.encode(excel, 'win1252'),
  });
  await form.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText(
    'Importação concluída: 2 produtos novos, 0 atualizados, estoque inicial em 2.',
  );
  const t1 = await rpc<{ items: { name: string; price_cents: number; cost_cents: number; stock_milli: number }[] }>(
    page,
    server.url,
    'catalog.list',
    { query: 'T1' },
  );
  expect(t1.items[0]).toMatchObject({ name: 'Calção 1', price_cents: 1090, cost_cents: 550, stock_milli: 3000 });

  const broken = 'SKU;Nome;Categoria;Preço;Código de barras\r\nT3;Produto 3;Roupas;10,90;7,89123E+12\r\n';
  await form.getByLabel('Arquivo da planilha (CSV ou XLSX)').setInputFiles({
    name: 'produtos2.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(broken, 'utf8'),
  });
  await form.getByRole('button', { name: 'Verificar sem importar' }).click();
  await expect(form.getByRole('list', { name: 'Erros da planilha' })).toHaveText(
    'Linha 2: o código de barras 7,89123E+12 foi convertido pelo Excel em notação científica; formate a coluna como texto.',
  );

  // The separator can be chosen: read as commas, the ; header is one column.
  await form.getByLabel('Separador de colunas (CSV)').selectOption(',');
  await form.getByRole('button', { name: 'Verificar sem importar' }).click();
  await expect(form.getByRole('alert').first()).toHaveText(/^Faltam colunas obrigatórias/);
});

test('Loja: a masked phone is saved as a phone key; a number that is a CPF and a mobile asks which', async ({
  page,
  server,
}) => {
  await openConfig(page, server.url);
  const loja = page.getByRole('form', { name: 'Dados da loja' });
  await loja.getByLabel('Cidade').fill('São Paulo');
  await loja.getByLabel(/^Chave PIX/).fill('11 98765-4374');
  await loja.getByRole('button', { name: 'Salvar dados da loja' }).click();
  await expect(loja.getByRole('status')).toHaveText('Dados da loja salvos.');
  expect(await rpc<{ pix_key: string }>(page, server.url, 'store.get', {})).toMatchObject({
    pix_key: '+5511987654374',
  });

  await loja.getByLabel(/^Chave PIX/).fill('11987654374');
  await loja.getByRole('button', { name: 'Salvar dados da loja' }).click();
  await expect(loja.getByRole('alert').first()).toHaveText(/é um CPF válido e também um celular/);
  await loja.getByRole('radio', { name: 'CPF (11987654374)' }).check();
  await loja.getByRole('button', { name: 'Salvar dados da loja' }).click();
  await expect(loja.getByRole('status')).toHaveText('Dados da loja salvos.');
  expect(await rpc<{ pix_key: string }>(page, server.url, 'store.get', {})).toMatchObject({ pix_key: '11987654374' });
});

test("Regras do caixa: the store's own barcodes are accepted once ticked", async ({ page, server }) => {
  await openConfig(page, server.url);
  const product = {
    external_id: 'INT-1',
    name: 'Etiqueta própria',
    category: 'Geral',
    kind: 'goods',
    unit_price: 500,
    barcodes: ['20001'],
  };
  const refused = (await (
    await page.request.post(`${server.url}/rpc/catalog.upsertProduct`, { data: product })
  ).json()) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_barcode' } });
  await page.getByRole('tab', { name: 'Regras do caixa' }).click();
  const rules = page.getByRole('form', { name: 'Regras do caixa' });
  await rules.getByLabel(/códigos de barras próprios da loja/).check();
  await rules.getByRole('button', { name: 'Salvar regras' }).click();
  await expect(rules.getByRole('status')).toHaveText('Regras salvas.');
  await rpc(page, server.url, 'catalog.upsertProduct', product);
});
