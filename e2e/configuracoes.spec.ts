import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpcResult, scan, test } from './fixtures';

const CSV = [
  'sku;nome;categoria;preco;custo;codigo_barras;tamanho;cor;estoque',
  'MEIA-01;Meia Soquete;Acessórios;12,90;5,10;7891000400012;U;Branca;20',
  'CINTO-01;Cinto Couro;Acessórios;89,90;40,00;7891000400029;M;Marrom;4',
  'PALM-01;Palmilha Gel;Acessórios;29,90;11,00;;;;8',
].join('\n');

async function openConfig(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('tab', { name: 'Loja' })).toHaveAttribute('aria-selected', 'true');
}

async function importCsv(page: Page, csv: string): Promise<void> {
  await page.getByRole('tab', { name: 'Importar' }).click();
  await page.getByLabel('Arquivo da planilha (CSV ou XLSX)').setInputFiles({
    name: 'produtos.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
}

test('a new store configured from the screen sells a product it created', async ({ page, server }) => {
  await openConfig(page, server.url);

  // Loja: a bad PIX key is refused next to its field, then the data is saved.
  const loja = page.getByRole('form', { name: 'Dados da loja' });
  await loja.getByLabel('Endereço').fill('Rua XV de Novembro, 100');
  await loja.getByLabel('Cidade').fill('Curitiba');
  await loja.getByLabel(/^Chave PIX/).fill('abc');
  await loja.getByRole('button', { name: 'Salvar dados da loja' }).click();
  await expect(loja.getByRole('alert')).toHaveText(/^Chave PIX inválida/);
  await loja.getByLabel(/^Chave PIX/).fill('pix@boavista.com.br');
  await loja.getByLabel('Largura do cupom').selectOption('58');
  await loja.getByRole('button', { name: 'Salvar dados da loja' }).click();
  await expect(loja.getByRole('status')).toHaveText('Dados da loja salvos.');
  const store = await rpcResult(page, server.url, 'store.get', {});
  expect(store).toMatchObject({
    ok: true,
    value: { city: 'Curitiba', pix_key: 'pix@boavista.com.br', receipt_width_mm: 58 },
  });

  // Produtos: create one with a barcode and a price, then receive 10 units.
  await page.getByRole('tab', { name: 'Produtos' }).click();
  await page.getByRole('button', { name: 'Novo produto' }).click();
  const product = page.getByRole('form', { name: 'Produto' });
  await product.getByLabel('SKU').fill('BOTA-01-40');
  await product.getByLabel('Nome do produto').fill('Bota Couro');
  await product.getByLabel('Categoria').fill('Calçados');
  await product.getByLabel('Tamanho (opcional)').fill('40');
  await product.getByLabel('Preço de venda (R$)').fill('0');
  await product.getByRole('button', { name: 'Salvar produto' }).click();
  await expect(product.getByRole('alert')).toHaveText('Informe um preço maior que zero, ex.: 12,90.');
  await product.getByLabel('Preço de venda (R$)').fill('249,90');
  await product.getByLabel('Custo (R$, opcional)').fill('120,00');
  await product.getByLabel('Adicionar códigos de barras (separe por espaço)').fill('7891000300015');
  await product.getByRole('button', { name: 'Salvar produto' }).click();
  await expect(page.getByRole('status')).toHaveText('Produto cadastrado.');
  await expect(page.getByLabel('Códigos de barras cadastrados')).toContainText('7891000300015');
  // A code typed wrong is added, then removed.
  await product.getByLabel('Adicionar códigos de barras (separe por espaço)').fill('7891000300022');
  await product.getByRole('button', { name: 'Salvar produto' }).click();
  await expect(page.getByLabel('Códigos de barras cadastrados')).toContainText('7891000300022');
  await page.getByRole('button', { name: 'Remover código 7891000300022' }).click();
  await expect(page.getByRole('status')).toHaveText('Código de barras removido.');
  await expect(page.getByLabel('Códigos de barras cadastrados')).not.toContainText('7891000300022');
  const receive = page.getByRole('form', { name: 'Entrada de mercadoria' });
  await receive.getByLabel('Quantidade recebida').fill('10');
  await receive.getByLabel('Custo unitário da entrada (R$, opcional)').fill('118,50');
  await receive.getByRole('button', { name: 'Registrar entrada' }).click();
  await expect(page.getByTestId('stock-now')).toHaveText('10');
  await expect(product.getByLabel('Custo (R$, opcional)')).toHaveValue('118,50');

  // Vendedores: 5% commission.
  await page.getByRole('tab', { name: 'Vendedores' }).click();
  const seller = page.getByRole('form', { name: 'Vendedor' });
  await seller.getByLabel('Código do vendedor').fill('V01');
  await seller.getByLabel('Nome do vendedor').fill('Carla Mendes');
  await seller.getByLabel('Comissão (%)').fill('5');
  await seller.getByRole('button', { name: 'Salvar vendedor' }).click();
  await expect(seller.getByRole('status')).toHaveText('Vendedor cadastrado.');
  await expect(page.getByRole('table', { name: 'Vendedores' })).toContainText('Carla Mendes');
  await expect(page.getByRole('table', { name: 'Vendedores' })).toContainText('5%');

  // Importar: three products from a CSV.
  await importCsv(page, CSV);
  await expect(page.getByRole('status')).toHaveText(
    'Importação concluída: 3 produtos novos, 0 atualizados, estoque inicial em 3.',
  );
  await page.getByRole('tab', { name: 'Produtos' }).click();
  const list = page.getByRole('table', { name: 'Produtos' });
  await expect(page.getByTestId('products-range')).toHaveText('1–4 de 4');
  await expect(list.getByRole('row', { name: /Cinto Couro/ })).toContainText('R$ 89,90');
  await page.screenshot({ path: 'docs/configuracoes.png' });

  // PDV: open the caixa and sell the product by scanning its barcode.
  await page.keyboard.press('F9');
  await expect(page.getByLabel('Fundo de troco (R$)')).toBeFocused();
  await page.keyboard.type('100,00');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 100,00');
  await page.keyboard.press('F1');
  const search = page.getByLabel(/Produto \(nome, SKU/);
  await expect(search).toBeFocused();
  await scan(page, '7891000300015');
  await expect(page.getByRole('table', { name: 'Itens da venda' })).toContainText('Bota Couro');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 249,90');
  await page.keyboard.press('F8');
  const dialog = page.getByRole('dialog', { name: 'Pagamento' });
  await dialog.getByLabel('Valor (R$)').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('remaining')).toHaveText('R$ 0,00');
  await page.keyboard.press('F10');
  const receipt = page.getByRole('article', { name: 'Cupom' });
  await expect(receipt).toContainText('Bota Couro');
  await expect(receipt.getByTestId('receipt-total')).toHaveText('R$ 249,90');
});

test('an import with a bad row shows the row error and creates nothing', async ({ page, server }) => {
  await openConfig(page, server.url);
  const bad = ['sku,nome,categoria,preco', 'OK-1,Produto bom,Geral,"10,00"', 'RUIM-1,Produto ruim,Geral,abc'].join(
    '\n',
  );
  await importCsv(page, bad);
  await expect(page.getByRole('alert')).toHaveText('A planilha tem 1 erro; nada foi importado.');
  await expect(page.getByRole('list', { name: 'Erros da planilha' })).toHaveText(
    'Linha 3: preço inválido: "abc" (use 12,34).',
  );
  await page.getByRole('tab', { name: 'Produtos' }).click();
  await expect(page.getByRole('table', { name: 'Produtos' })).toContainText('Nenhum produto encontrado.');
  await expect(page.getByTestId('products-range')).toHaveText('0 produtos');
});

test('the owner creates a cashier and sets the counter rules', async ({ page, server }) => {
  await openConfig(page, server.url);
  await page.getByRole('tab', { name: 'Usuários' }).click();
  const user = page.getByRole('form', { name: 'Usuário' });
  await user.getByLabel('Nome da pessoa').fill('Bruno Caixa');
  await user.getByLabel('Usuário (login)').fill('bruno');
  await user.getByLabel('Perfil').selectOption('cashier');
  await user.getByLabel('PIN (4 a 8 dígitos)').fill('12');
  await user.getByRole('button', { name: 'Salvar usuário' }).click();
  await expect(user.getByRole('alert')).toHaveText('O PIN deve ter de 4 a 8 dígitos.');
  await user.getByLabel('PIN (4 a 8 dígitos)').fill('4321');
  await user.getByRole('button', { name: 'Salvar usuário' }).click();
  await expect(user.getByRole('status')).toHaveText('Usuário criado.');
  await expect(page.getByRole('table', { name: 'Usuários' })).toContainText('bruno');

  await page.getByRole('tab', { name: 'Regras do caixa' }).click();
  const rules = page.getByRole('form', { name: 'Regras do caixa' });
  await expect(rules.getByLabel('Desconto máximo sem gerente (%)')).toHaveValue('10');
  await rules.getByLabel('Desconto máximo sem gerente (%)').fill('150');
  await rules.getByRole('button', { name: 'Salvar regras' }).click();
  await expect(rules.getByRole('alert')).toHaveText('Informe um percentual de 0 a 100.');
  await rules.getByLabel('Desconto máximo sem gerente (%)').fill('5');
  await rules.getByRole('button', { name: 'Salvar regras' }).click();
  await expect(rules.getByRole('status')).toHaveText('Regras salvas.');
  const saved = await rpcResult(page, server.url, 'counter.settings', {});
  expect(saved).toMatchObject({ ok: true, value: { max_discount_bp: 500 } });
});
