import { nfeKeyCheckDigit } from '../app/br/nfe-key';
import { expect, rpc, test } from './fixtures';
import { detail, openVendas, registerSale, saleRow, salesTable, setUpStore, stockOf } from './vendas.helpers';

test('a return from the detail puts the goods back in stock and moves the status', async ({ page, server }) => {
  await setUpStore(page, server.url);
  await registerSale(page, server.url, {
    items: [
      { sku: 'TEN-42', qty: 1 },
      { sku: 'MEIA-M', qty: 2 },
    ],
    payments: [{ method: 'pix', amount: 33970 }],
  });
  expect(await stockOf(page, server.url, 'MEIA-M')).toBe(8);
  await openVendas(page);

  // Keyboard: focus the list, Enter opens the detail of the selected (first) sale.
  const list = page.getByRole('region', { name: /Lista de vendas/ });
  await expect(saleRow(page, /CX1-000001/)).toContainText('Concluída');
  await list.focus();
  await page.keyboard.press('Enter');
  const panel = detail(page);
  await expect(panel.getByTestId('detail-status')).toHaveText('Concluída');
  await expect(panel.getByTestId('detail-net')).toHaveText('R$ 339,70');

  // More than was sold is refused next to the line; no reason is refused by the API next to its field.
  await panel.getByRole('button', { name: 'Devolver' }).click();
  const dialog = page.getByRole('dialog', { name: 'Devolver itens' });
  await dialog.getByLabel('Devolver Meia Esportiva').fill('3');
  await dialog.getByRole('button', { name: 'Devolver', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('No máximo 2.');
  await dialog.getByLabel('Devolver Meia Esportiva').fill('1');
  await dialog.getByRole('button', { name: 'Devolver', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Informe o motivo da devolução.');
  expect(await stockOf(page, server.url, 'MEIA-M')).toBe(8);

  await dialog.getByLabel('Motivo da devolução').fill('Tamanho errado');
  await dialog.getByRole('button', { name: 'Devolver', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('detail-status')).toHaveText('Parcialmente reembolsada');
  await expect(panel.getByTestId('detail-refunded')).toHaveText('R$ 19,90');
  await expect(panel.getByRole('region', { name: 'Devoluções e cancelamento' })).toContainText('Tamanho errado');
  await expect(saleRow(page, /CX1-000001/)).toContainText('Parc. reembolsada');
  await expect(page.getByTestId('totals-refunded')).toHaveText('R$ 19,90');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 319,80');
  expect(await stockOf(page, server.url, 'MEIA-M')).toBe(9);

  // Returning what is left makes it reembolsada, with everything back in stock.
  await panel.getByRole('button', { name: 'Devolver' }).click();
  await dialog.getByLabel('Devolver Tênis Corrida').fill('1');
  await dialog.getByLabel('Devolver Meia Esportiva').fill('1');
  await dialog.getByLabel('Motivo da devolução').fill('Desistiu da compra');
  await dialog.getByRole('button', { name: 'Devolver', exact: true }).click();
  await expect(panel.getByTestId('detail-status')).toHaveText('Reembolsada');
  await expect(saleRow(page, /CX1-000001/).getByText('Reembolsada', { exact: true })).toBeVisible();
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 0,00');
  await expect(panel.getByRole('button', { name: 'Devolver' })).toHaveCount(0);
  expect(await stockOf(page, server.url, 'MEIA-M')).toBe(10);
  expect(await stockOf(page, server.url, 'TEN-42')).toBe(10);

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(list).toBeFocused();
});

test('a cancelled sale leaves the day’s net total', async ({ page, server }) => {
  await setUpStore(page, server.url);
  await registerSale(page, server.url, {
    items: [{ sku: 'TEN-42', qty: 1 }],
    payments: [{ method: 'pix', amount: 29990 }],
  });
  await registerSale(page, server.url, {
    items: [{ sku: 'MEIA-M', qty: 1 }],
    payments: [{ method: 'cartao_debito', amount: 1990 }],
  });
  await openVendas(page);
  await expect(page.getByTestId('totals-count')).toHaveText('2');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 319,80');

  await saleRow(page, /CX1-000002/).dblclick();
  const panel = detail(page);
  await expect(panel.getByRole('heading', { name: /CX1-000002/ })).toBeVisible();
  await panel.getByRole('button', { name: 'Cancelar venda' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancelar venda' });
  await dialog.getByLabel('Motivo do cancelamento').fill('x');
  await dialog.getByRole('button', { name: 'Cancelar venda' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Informe o motivo do cancelamento.');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 319,80');

  await dialog.getByLabel('Motivo do cancelamento').fill('Cliente desistiu');
  await dialog.getByRole('button', { name: 'Cancelar venda' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('detail-status')).toHaveText('Cancelada');
  await expect(panel.getByRole('button', { name: 'Cancelar venda' })).toHaveCount(0);
  await expect(saleRow(page, /CX1-000002/)).toContainText('Cancelada');
  await expect(page.getByTestId('totals-count')).toHaveText('2');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 299,90');
  expect(await stockOf(page, server.url, 'MEIA-M')).toBe(10);
});

test('filters narrow the list and the totals', async ({ page, server }) => {
  await setUpStore(page, server.url);
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C01', name: 'Maria Silva', cpf: '529.982.247-25' });
  await registerSale(page, server.url, {
    items: [{ sku: 'TEN-42', qty: 1 }],
    payments: [{ method: 'pix', amount: 29990 }],
    customer: 'C01',
  });
  await registerSale(page, server.url, {
    items: [{ sku: 'MEIA-M', qty: 1 }],
    payments: [{ method: 'dinheiro', amount: 2000 }],
  });
  await registerSale(page, server.url, {
    items: [{ sku: 'CAD-01', qty: 1 }],
    payments: [{ method: 'cartao_debito', amount: 890 }],
  });
  await openVendas(page);
  const rows = salesTable(page).locator('tbody tr:not([aria-hidden])');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 328,70');
  await expect(saleRow(page, /CX1-000002/)).toContainText('Dinheiro');

  const filters = page.getByRole('form', { name: 'Filtros' });
  await filters.getByLabel('Pagamento', { exact: true }).selectOption({ label: 'PIX' });
  await expect(page.getByTestId('totals-count')).toHaveText('1');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 299,90');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Maria Silva');

  await filters.getByLabel('Pagamento', { exact: true }).selectOption({ label: 'Todas as formas' });
  await expect(page.getByTestId('totals-count')).toHaveText('3');
  await filters.getByLabel(/Cliente \(nome/).fill('maria');
  await page.getByRole('option', { name: /Maria Silva/ }).waitFor();
  await page.keyboard.press('Enter');
  await expect(filters.getByTestId('customer-filter')).toHaveText('Maria Silva');
  await expect(page.getByTestId('totals-count')).toHaveText('1');
  await expect(page.getByTestId('totals-total')).toHaveText('R$ 299,90');
  await filters.getByRole('button', { name: 'Limpar cliente' }).click();
  await expect(page.getByTestId('totals-count')).toHaveText('3');

  // A period with no sales, then a reversed one that is refused in Portuguese.
  await filters.getByLabel('De', { exact: true }).fill('2020-01-01');
  await filters.getByLabel('Até', { exact: true }).fill('2020-01-31');
  await expect(page.getByTestId('totals-count')).toHaveText('0');
  await expect(salesTable(page)).toContainText('Nenhuma venda com estes filtros.');
  await filters.getByLabel('De', { exact: true }).fill('2020-02-01');
  await expect(filters.getByRole('alert')).toHaveText('A data inicial é depois da data final.');
  await filters.getByRole('button', { name: 'Hoje, sem filtros' }).click();
  await expect(page.getByTestId('totals-count')).toHaveText('3');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 328,70');
});

test('the list with the detail open, browsed with the keyboard (docs/vendas.png)', async ({ page, server }) => {
  await setUpStore(page, server.url);
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C01', name: 'Maria Silva' });
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C02', name: 'João Pereira' });
  await rpc(page, server.url, 'salespeople.upsert', {
    external_id: 'V01',
    name: 'Carla Mendes',
    location_external_id: 'LJ01',
    commission_rate: 3,
  });
  const sales = [
    {
      items: [{ sku: 'TEN-42', qty: 1 }],
      payments: [{ method: 'pix', amount: 29990 }],
      customer: 'C01',
      salesperson: 'V01',
    },
    { items: [{ sku: 'MEIA-M', qty: 3 }], payments: [{ method: 'dinheiro', amount: 6000 }] },
    {
      items: [
        { sku: 'TEN-42', qty: 1 },
        { sku: 'CAD-01', qty: 2 },
      ],
      payments: [
        { method: 'cartao_credito', amount: 20000 },
        { method: 'pix', amount: 11770 },
      ],
      customer: 'C02',
      salesperson: 'V01',
    },
    { items: [{ sku: 'CAD-01', qty: 1 }], payments: [{ method: 'cartao_debito', amount: 890 }] },
    { items: [{ sku: 'MEIA-M', qty: 1 }], payments: [{ method: 'pix', amount: 1000 }], customer: 'C01', open: true },
  ];
  for (const sale of sales) await registerSale(page, server.url, sale);
  await openVendas(page);
  await expect(page.getByTestId('totals-count')).toHaveText('5');
  await expect(saleRow(page, /EXT-000001/)).toContainText('Aguardando pgto.');

  const list = page.getByRole('region', { name: /Lista de vendas/ });
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(saleRow(page, /CX1-000003/)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const panel = detail(page);
  await expect(panel.getByRole('heading', { name: /CX1-000003/ })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Itens' })).toContainText('Cadarço Colorido');
  await expect(panel).toContainText('Cartão de crédito');
  await expect(panel).toContainText('Carla Mendes');
  await expect(panel.getByRole('button', { name: 'Adicionar pagamento' })).toHaveCount(0);

  // The detail follows the selection; an open balance offers "Adicionar pagamento".
  await page.keyboard.press('Home');
  await expect(panel.getByRole('heading', { name: /EXT-000001/ })).toBeVisible();
  await expect(panel.getByTestId('detail-balance')).toHaveText('R$ 9,90');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('heading', { name: /CX1-000003/ })).toBeVisible();
  await page.screenshot({ path: 'docs/vendas.png' });
});

test('payment and fiscal data from the detail: refusals next to the field, then recorded', async ({ page, server }) => {
  await setUpStore(page, server.url);
  await registerSale(page, server.url, {
    items: [{ sku: 'TEN-42', qty: 1 }],
    payments: [{ method: 'pix', amount: 10000 }],
    open: true,
  });
  await openVendas(page);
  await saleRow(page, /EXT-000001/).dblclick();
  const panel = detail(page);
  await expect(panel.getByTestId('detail-status')).toHaveText('Aguardando pagamento');
  await expect(panel.getByTestId('detail-balance')).toHaveText('R$ 199,90');

  // A card payment above the balance is refused next to the amount and changes nothing.
  await panel.getByRole('button', { name: 'Adicionar pagamento' }).click();
  const pay = page.getByRole('dialog', { name: 'Adicionar pagamento' });
  await expect(pay.getByLabel('Valor (R$)')).toHaveValue('199,90');
  await pay.getByLabel('Forma de pagamento').selectOption({ label: 'Cartão de débito' });
  await pay.getByLabel('Valor (R$)').fill('250,00');
  await pay.getByRole('button', { name: 'Registrar pagamento' }).click();
  await expect(pay.getByRole('alert')).toHaveText(
    'Pagamentos que não são em dinheiro não podem passar do valor devido.',
  );
  await expect(panel.getByTestId('detail-balance')).toHaveText('R$ 199,90');
  await pay.getByLabel('Valor (R$)').fill('199,90');
  await pay.getByRole('button', { name: 'Registrar pagamento' }).click();
  await expect(pay).toBeHidden();
  await expect(panel.getByTestId('detail-status')).toHaveText('Concluída');
  await expect(saleRow(page, /EXT-000001/)).toContainText('Concluída');
  await expect(panel.getByRole('button', { name: 'Adicionar pagamento' })).toHaveCount(0);

  // A wrong check digit in the access key is refused next to the key; the right one is recorded.
  await panel.getByRole('button', { name: 'Registrar dados fiscais' }).click();
  const fiscal = page.getByRole('dialog', { name: 'Registrar dados fiscais' });
  const body = '3526111122233300018165001000000123100000012';
  const key = body + String(nfeKeyCheckDigit(body));
  await fiscal.getByLabel('Número').fill('123');
  await fiscal.getByLabel('Chave de acesso (44 dígitos)').fill(body + String((nfeKeyCheckDigit(body) + 1) % 10));
  await fiscal.getByRole('button', { name: 'Registrar', exact: true }).click();
  await expect(fiscal.getByRole('alert')).toHaveText(
    'Chave de acesso da NF-e inválida (44 dígitos com dígito verificador).',
  );
  await expect(panel.getByRole('region', { name: 'Dados fiscais' })).toHaveCount(0);
  await fiscal.getByLabel('Chave de acesso (44 dígitos)').fill(key);
  await fiscal.getByRole('button', { name: 'Registrar', exact: true }).click();
  await expect(fiscal).toBeHidden();
  await expect(panel.getByRole('region', { name: 'Dados fiscais' })).toContainText('NFC-e nº 123 série 1');
  await expect(panel.getByRole('button', { name: 'Registrar dados fiscais' })).toHaveCount(0);

  // The reprint shows the receipt as the sale stands now, with its fiscal key.
  await panel.getByRole('button', { name: 'Reimprimir' }).click();
  const receipt = page.getByRole('article', { name: 'Cupom' });
  await expect(receipt.getByTestId('receipt-total')).toHaveText('R$ 299,90');
  await expect(receipt).toContainText('NFC-e nº 123');
  await page.keyboard.press('Escape');
  await expect(receipt).toBeHidden();
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(saleRow(page, /EXT-000001/)).toContainText('PIX + Débito');
});
