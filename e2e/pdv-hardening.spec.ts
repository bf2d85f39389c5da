import type { Page } from '@playwright/test';
import { completeFirstRun, expect, OWNER, rpc, scan, test } from './fixtures';

/** A GTIN-13 with its check digit, from 12 digits. */
function gtin(body: string): string {
  const sum = [...body].reduce((a, d, i) => a + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const T38 = gtin('789100030001');
const T39 = gtin('789100030002');
const CAM = gtin('789100030003');

async function setUp(page: Page, url: string, { openCaixa = true } = {}): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  for (const [sku, size, code] of [
    ['TEN-38', '38', T38],
    ['TEN-39', '39', T39],
  ] as const) {
    await rpc(page, url, 'catalog.upsertProduct', {
      external_id: sku,
      product_external_id: 'TEN',
      name: 'Tênis Corrida',
      category: 'Calçados',
      kind: 'goods',
      size,
      color: 'Azul',
      unit_price: 29990,
      barcodes: [code],
    });
  }
  await rpc(page, url, 'catalog.upsertProduct', {
    external_id: 'CAM-P',
    name: 'Camiseta Básica',
    category: 'Vestuário',
    kind: 'goods',
    unit_price: 5990,
    barcodes: [CAM],
  });
  if (openCaixa) await rpc(page, url, 'cash.open', { opening_float_cents: 0 });
  await page.goto(`${url}/#/pdv`);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Situação do caixa' })).toContainText(
    openCaixa ? 'Caixa 1' : 'nenhum caixa aberto',
  );
  await expect(page.getByLabel(/Produto \(nome, SKU/)).toBeFocused();
}

async function login(page: Page, login: string, pin: string): Promise<void> {
  await page.getByLabel('Usuário').fill(login);
  await page.getByLabel('PIN').fill(pin);
  await page.getByLabel('PIN').press('Enter');
}

const cart = (page: Page) => page.getByRole('table', { name: 'Itens da venda' });
const search = (page: Page) => page.getByLabel(/Produto \(nome, SKU/);

test('scanner input lands in the product field: after Enter in a cart cell, after a failed scan, from anywhere', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);

  // Item 14: two sizes of the same shoe are told apart on their lines.
  await scan(page, T38);
  await scan(page, T39);
  await expect(cart(page).getByRole('cell', { name: 'Tênis Corrida 38 Azul', exact: true })).toBeVisible();
  await expect(cart(page).getByRole('cell', { name: 'Tênis Corrida 39 Azul', exact: true })).toBeVisible();

  // Item 12: Enter in Qtd. sends the focus back to the product field; the next scan adds an item.
  const qty38 = cart(page).getByLabel('Quantidade de Tênis Corrida 38 Azul');
  await qty38.click();
  await qty38.fill('2');
  await page.keyboard.press('Enter');
  await expect(search(page)).toBeFocused();
  await scan(page, CAM);
  await expect(qty38).toHaveValue('2');
  await expect(cart(page).getByLabel('Quantidade de Camiseta Básica')).toHaveValue('1');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 959,60');

  // Enter in a discount cell too.
  const discount = cart(page).getByLabel('Desconto de Camiseta Básica');
  await discount.click();
  await discount.fill('5,00');
  await page.keyboard.press('Enter');
  await expect(search(page)).toBeFocused();
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 954,60');

  // Item 13: an unknown code leaves the field empty and the message on screen; the next scan is clean.
  await scan(page, '7890000000001');
  await expect(page.getByRole('alert')).toHaveText('Código de barras não encontrado: 7890000000001');
  await expect(search(page)).toHaveValue('');
  await scan(page, T39);
  await expect(cart(page).getByLabel('Quantidade de Tênis Corrida 39 Azul')).toHaveValue('2');
  // A name that finds nothing is cleared the same way.
  await scan(page, 'xyzzy');
  await expect(page.getByRole('alert')).toHaveText('Nenhum produto encontrado: xyzzy');
  await expect(search(page)).toHaveValue('');

  // Focus on no field (a click on the page): the scanner's digits still reach the product field.
  await page.getByRole('heading', { name: 'PDV', level: 1 }).click();
  await scan(page, CAM);
  await expect(cart(page).getByLabel('Quantidade de Camiseta Básica')).toHaveValue('2');
});

test('with no open caixa the PDV says so at the top and opens one; a second register can be chosen', async ({
  page,
  server,
}) => {
  await setUp(page, server.url, { openCaixa: false });
  await rpc(page, server.url, 'registers.upsert', { code: 'CX02', name: 'Caixa 02', active: true });
  const banner = page.getByRole('region', { name: 'Situação do caixa' });
  await expect(banner).toContainText('nenhum caixa aberto neste computador');

  // No payment is taken before a caixa is open.
  await scan(page, CAM);
  await page.keyboard.press('F8');
  await expect(page.getByRole('dialog', { name: 'Pagamento' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveText(
    'Nenhum caixa aberto neste computador: abra o caixa antes de receber.',
  );

  await banner.getByRole('button', { name: 'Abrir caixa' }).click();
  const open = page.getByRole('dialog', { name: 'Abrir caixa' });
  await expect(open.getByLabel('Fundo de troco (R$)')).toBeFocused();
  await page.keyboard.type('50,00');
  await page.keyboard.press('Enter');
  await expect(open).toBeHidden();
  await expect(banner).not.toContainText('nenhum caixa aberto');
  await page.keyboard.press('F8');
  await expect(page.getByRole('dialog', { name: 'Pagamento' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Item 23: the second register is chosen here, kept on this computer across a reload.
  await banner.getByRole('button', { name: 'Trocar caixa' }).click();
  const choose = page.getByRole('dialog', { name: 'Caixa deste computador' });
  await choose.getByLabel('Caixa').selectOption({ label: 'Caixa 02 (CX02)' });
  await choose.getByRole('button', { name: 'Usar este caixa' }).click();
  await expect(choose).toBeHidden();
  await expect(banner).toContainText('Caixa 02');
  await expect(banner).toContainText('nenhum caixa aberto neste computador');
  // The cart belongs to the register too: Caixa 02 starts empty.
  await expect(cart(page)).toContainText('Nenhum item.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Situação do caixa' })).toContainText('Caixa 02');
  expect(await rpc<{ register: { code: string } }>(page, server.url, 'app.status', {})).toMatchObject({
    register: { code: 'CX02' },
  });
});

test('stock and discount limits are checked as the line is added or the discount typed', async ({ page, server }) => {
  await setUp(page, server.url);
  await rpc(page, server.url, 'stock.receive', { sku: 'TEN-38', qty: 2 });
  await rpc(page, server.url, 'counter.settings.set', { allow_negative_stock: false, max_discount_bp: 1000 });
  await rpc(page, server.url, 'users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' });
  await page.getByRole('button', { name: 'Sair' }).click();
  await login(page, 'bruno', '4321');
  await expect(search(page)).toBeFocused();

  await scan(page, T38);
  await scan(page, T38);
  await scan(page, T38);
  await expect(page.getByRole('alert')).toHaveText('Estoque insuficiente de Tênis Corrida 38 Azul: há 2 em estoque.');
  const qty = cart(page).getByLabel('Quantidade de Tênis Corrida 38 Azul');
  await expect(qty).toHaveValue('2');
  await qty.fill('5');
  await page.keyboard.press('Enter');
  await expect(cart(page).getByRole('alert')).toHaveText(
    'Estoque insuficiente de Tênis Corrida 38 Azul: há 2 em estoque.',
  );
  await qty.fill('1,5');
  await page.keyboard.press('Enter');
  await expect(cart(page).getByRole('alert')).toHaveText(
    'Este produto não é vendido por peso: use uma quantidade inteira.',
  );
  await page.keyboard.press('Escape');
  await expect(search(page)).toBeFocused();
  await scan(page, T39);
  await expect(page.getByRole('alert')).toHaveText('Sem estoque de Tênis Corrida 39 Azul.');

  // A discount in %: 10% of R$ 599,80 is within the cashier's 10%.
  await page.keyboard.press('F6');
  const discount = page.getByRole('dialog', { name: 'Desconto na venda' });
  await discount.getByRole('radio', { name: '%' }).check();
  await discount.getByLabel('Desconto (%)').fill('10');
  await page.keyboard.press('Enter');
  await expect(discount).toBeHidden();
  await expect(page.getByTestId('order-discount')).toHaveText('R$ 59,98');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 539,82');

  // 15% is above it: the manager is asked now, with the limit spelled out, not after payment.
  await page.keyboard.press('F6');
  await discount.getByRole('radio', { name: '%' }).check();
  await discount.getByLabel('Desconto (%)').fill('15');
  await page.keyboard.press('Enter');
  const approval = page.getByRole('dialog', { name: 'Aprovação do gerente' });
  await expect(approval).toContainText(
    'O desconto de R$ 89,97 passa do seu limite de 10% (até R$ 59,98 nesta venda). Um gerente precisa aprovar.',
  );
  await page.keyboard.press('Escape');
  await expect(approval).toBeHidden();
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 539,82');
});

test('dialogs keep the keyboard: Esc closes, Tab stays inside, Remover and a refused F10 do not lose it; PIX QR only for accepted amounts', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);
  await rpc(page, server.url, 'store.update', { city: 'Campinas', pix_key: '11222333000181' });
  await scan(page, CAM);
  await page.keyboard.press('F8');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  const method = pay.getByLabel('Forma de pagamento (1–7)');
  await expect(method).toBeFocused();

  // Item 18: PIX R$ 100,00 on a R$ 59,90 sale is refused and no QR code is shown for it.
  await page.keyboard.press('2');
  await expect(method).toHaveValue('pix');
  await page.keyboard.press('Tab');
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('alert')).toHaveText(
    'Pagamentos que não são em dinheiro não podem passar do valor devido.',
  );
  await expect(pay.getByRole('img', { name: /QR code PIX/ })).toHaveCount(0);
  await pay.getByLabel('Valor (R$)').fill('20');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('img', { name: 'QR code PIX de R$ 20,00' })).toBeVisible();

  // Item 17: after a mouse click on Remover, 1–6 and Esc still work.
  await pay.getByRole('button', { name: 'Remover pagamento 1' }).click();
  await expect(pay.getByRole('img', { name: /QR code PIX/ })).toHaveCount(0);
  await page.keyboard.press('3');
  await expect(method).toHaveValue('cartao_debito');
  // Tab cycles inside the dialog.
  for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
  expect(await pay.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(pay).toBeHidden();
  await expect(search(page)).toBeFocused();

  // After a refused F10 (nothing paid), the keyboard still answers.
  await page.keyboard.press('F8');
  await pay.getByRole('button', { name: 'Finalizar venda (F10)' }).click();
  await expect(pay.getByRole('alert')).toHaveText('Os pagamentos não cobrem o total.');
  await page.keyboard.press('4');
  await expect(method).toHaveValue('cartao_credito');
  await page.keyboard.press('Escape');
  await expect(pay).toBeHidden();

  // Every other dialog closes on Esc too, wherever the focus is in it.
  for (const [key, name] of [
    ['F3', 'Vendas em espera'],
    ['F4', 'Cliente da venda'],
    ['F5', 'Cancelar venda em andamento'],
    ['F6', 'Desconto na venda'],
  ] as const) {
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  // "os 1 itens": one item is "o item".
  await page.keyboard.press('F5');
  await expect(page.getByRole('dialog', { name: 'Cancelar venda em andamento' })).toContainText(
    'Descartar o item desta venda?',
  );
});

test('the cart and the screen belong to the user: the next user starts from their own; the menu shows what the role may open', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);
  await rpc(page, server.url, 'users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' });
  await scan(page, CAM);
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 59,90');
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { name: 'Configurações', level: 1 })).toBeVisible();
  await nav.getByRole('button', { name: 'Sair' }).click();

  await login(page, 'bruno', '4321');
  await expect(page.getByRole('heading', { name: 'PDV', level: 1 })).toBeVisible();
  await expect(cart(page)).toContainText('Nenhum item.');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 0,00');
  // Item 21: only screens that exist and the cashier may open.
  for (const name of ['PDV', 'Caixa', 'Vendas']) await expect(nav.getByRole('link', { name })).toBeVisible();
  for (const name of ['Configurações', 'Dashboard', 'Relatórios'])
    await expect(nav.getByRole('link', { name })).toHaveCount(0);
  await page.goto(`${server.url}/#/configuracoes`);
  await expect(page.getByRole('status')).toHaveText('Você não tem acesso a esta tela.');
  await page.goto(`${server.url}/#/pdv`);
  await scan(page, T38);
  await nav.getByRole('button', { name: 'Sair' }).click();

  await login(page, OWNER.login, OWNER.pin);
  await expect(page.getByRole('heading', { name: 'Configurações', level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Configurações' })).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 59,90');
  await expect(cart(page)).not.toContainText('Tênis');
});

test('the customer dialog shows the store credit and loyalty points balances', async ({ page, server }) => {
  await setUp(page, server.url);
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C01', name: 'Maria Silva', phone: '11987654321' });
  await rpc(page, server.url, 'sales.apply', {
    action: 'process_loyalty_points',
    transaction_data: { customer_external_id: 'C01', operation: 'earn', points: 1 },
  });
  await page.keyboard.press('F4');
  const dialog = page.getByRole('dialog', { name: 'Cliente da venda' });
  await page.keyboard.type('Maria');
  await expect(dialog.getByRole('option', { name: /Maria Silva/ })).toBeVisible();
  const balances = dialog.getByRole('definition');
  await expect(dialog.getByLabel('Saldos de Maria Silva')).toBeVisible();
  await expect(dialog.getByTestId('customer-credit')).toHaveText('R$ 0,00');
  await expect(dialog.getByTestId('customer-points')).toHaveText('1 ponto');
  await expect(balances).toHaveCount(2);
});

test('F8 pressed while a scanned code is still being looked up waits for the item (CI saw an empty cart)', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);
  // A slow lookup: the scan's Enter is answered after F8 has been pressed.
  await page.route('**/rpc/catalog.lookupBarcode', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
  await scan(page, CAM);
  await page.keyboard.press('F8');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByLabel('Forma de pagamento (1–7)')).toBeFocused();
  await expect(pay).toContainText('R$ 59,90');
  await expect(page.getByText('Adicione ao menos um item antes.')).toHaveCount(0);
});
