import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpcResult, scan, test } from './fixtures';

const PRODUCTS = [
  { external_id: 'TEN-42', name: 'Tênis Corrida', unit_price: 29990, barcodes: ['7891000100011'] },
  { external_id: 'MEIA-M', name: 'Meia Esportiva', unit_price: 1990, barcodes: ['7891000100028'] },
  { external_id: 'CAD-01', name: 'Cadarço Colorido', unit_price: 890 },
];

async function setUp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  for (const p of PRODUCTS) {
    const res = await rpcResult(page, url, 'sales.apply', {
      action: 'upsert_product',
      transaction_data: { ...p, category: 'Calçados', kind: 'goods' },
    });
    expect(res).toMatchObject({ ok: true });
  }
  const store = await rpcResult(page, url, 'store.update', { city: 'Campinas', pix_key: '11222333000181' });
  expect(store).toMatchObject({ ok: true });
}

test('a sale at the counter, keyboard only, from opening to closing the caixa', async ({ page, server }) => {
  await setUp(page, server.url);

  // Open the caixa with R$ 100,00 of float.
  await page.keyboard.press('F9');
  await expect(page.getByRole('heading', { name: 'Abrir caixa' })).toBeVisible();
  await expect(page.getByLabel('Fundo de troco (R$)')).toBeFocused();
  await page.keyboard.type('100,00');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 100,00');

  // Scan two barcodes (one twice) and add a third product by name.
  await page.keyboard.press('F1');
  const search = page.getByLabel(/Produto \(nome, SKU/);
  await expect(search).toBeFocused();
  await scan(page, '7891000100011');
  await scan(page, '7891000100028');
  await scan(page, '7891000100028');
  const cart = page.getByRole('table', { name: 'Itens da venda' });
  await expect(cart.getByLabel('Quantidade de Meia Esportiva')).toHaveValue('2');
  await page.keyboard.type('cadarco');
  await expect(page.getByRole('option', { name: /Cadarço Colorido/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(cart.getByRole('cell', { name: 'Cadarço Colorido', exact: true })).toBeVisible();
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 348,60');

  // Order discount of R$ 18,60: total R$ 330,00.
  await page.keyboard.press('F6');
  await page.keyboard.type('18,60');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 330,00');
  await expect(search).toBeFocused();
  await page.screenshot({ path: 'docs/pdv.png' });

  // Payment: a short payment is refused, then PIX R$ 200,00 + cash R$ 150,00 → R$ 20,00 change.
  await page.keyboard.press('F8');
  const dialog = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('F10');
  await expect(dialog.getByRole('alert')).toHaveText('Os pagamentos não cobrem o total.');
  await dialog.getByLabel('Forma de pagamento (1–7)').focus();
  await page.keyboard.press('2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('200');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('remaining')).toHaveText('R$ 130,00');
  // The static PIX QR code and "copia e cola" follow the amount accepted for PIX.
  await expect(dialog.getByRole('img', { name: 'QR code PIX de R$ 200,00' })).toBeVisible();
  await expect(dialog.getByLabel('PIX copia e cola')).toHaveValue(/^000201.*5406200\.00.*6304[0-9A-F]{4}$/);
  await expect(dialog.getByLabel('Forma de pagamento (1–7)')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('150');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('remaining')).toHaveText('R$ 0,00');
  await expect(dialog.getByTestId('change')).toHaveText('R$ 20,00');
  await page.screenshot({ path: 'docs/payment.png' });
  await page.keyboard.press('F10');

  // Receipt.
  const receipt = page.getByRole('article', { name: 'Cupom' });
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-total')).toHaveText('R$ 330,00');
  await expect(receipt.getByTestId('receipt-change')).toHaveText('R$ 20,00');
  await expect(receipt).toContainText('Sapataria Boa Vista');
  await expect(receipt).toContainText('Desconto na venda');
  await expect(receipt).toContainText('CNPJ 11.222.333/0001-81');
  await expect(receipt).toContainText('PIX copia e cola');
  await page.screenshot({ path: 'docs/receipt.png' });
  await page.keyboard.press('Enter');
  await expect(search).toBeFocused();
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 0,00');

  // Caixa: expected = float 100 + cash received 150 − change 20 = 230.
  await page.keyboard.press('F9');
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 230,00');
  await page.screenshot({ path: 'docs/caixa.png' });
  const close = page.getByRole('form', { name: 'Fechar caixa' });
  await close.getByLabel('R$ 100', { exact: true }).focus();
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1');
  await expect(close.getByTestId('counted-cash')).toHaveText('R$ 230,00');
  await page.keyboard.press('Enter');
  const z = page.getByRole('region', { name: 'Relatório Z' });
  await expect(z.getByTestId('z-expected')).toHaveText('R$ 230,00');
  await expect(z.getByTestId('z-counted')).toHaveText('R$ 230,00');
  await expect(z.getByTestId('z-difference')).toHaveText('R$ 0,00');
  await page.keyboard.press('Enter');
  const past = page.getByRole('region', { name: 'Fechamentos anteriores' });
  await expect(past.getByTestId('chain-check')).toHaveText('Cadeia de fechamentos íntegra (1 verificado).');
  await expect(past.getByRole('row')).toHaveCount(2);
});

test('an unknown barcode shows the message and leaves the cart empty', async ({ page, server }) => {
  await setUp(page, server.url);
  const search = page.getByLabel(/Produto \(nome, SKU/);
  await expect(search).toBeFocused();
  await scan(page, '0000000000000');
  await expect(page.getByRole('alert')).toHaveText('Código de barras não encontrado: 0000000000000');
  await expect(page.getByRole('table', { name: 'Itens da venda' })).toContainText('Nenhum item.');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 0,00');
  await expect(search).toBeFocused();
});
