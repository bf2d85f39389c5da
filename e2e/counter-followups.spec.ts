import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpc, test } from './fixtures';
import { detail, openVendas, salesTable } from './vendas.helpers';

async function firstRun(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
}

async function login(page: Page, login: string, pin: string): Promise<void> {
  await page.getByLabel('Usuário').fill(login);
  await page.getByLabel('PIN').fill(pin);
  await page.getByLabel('PIN').press('Enter');
}

async function product(page: Page, url: string, externalId: string, name: string, price: number): Promise<void> {
  await rpc(page, url, 'catalog.upsertProduct', {
    external_id: externalId,
    name,
    category: 'Loja',
    kind: 'goods',
    unit_price: price,
  });
  await rpc(page, url, 'stock.receive', { sku: externalId, qty: 10 });
}

test('Vendas: a cash return with the caixa closed says so under Reembolso', async ({ page, server }) => {
  await firstRun(page, server.url);
  await product(page, server.url, 'CAM-01', 'Camiseta Lisa', 4990);
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 0 });
  await rpc(page, server.url, 'sales.register', {
    external_id: 'RET-CASH',
    items: [{ variant_external_id: 'CAM-01', qty: 1 }],
    payments: [{ method: 'dinheiro', amount: 4990 }],
  });
  await rpc(page, server.url, 'cash.close', { denominations: { '2000': 2, '500': 1 }, counted_other: {} });

  await openVendas(page);
  await salesTable(page)
    .getByRole('row', { name: /Concluída/ })
    .dblclick();
  await detail(page).getByRole('button', { name: 'Devolver' }).click();
  const dialog = page.getByRole('dialog', { name: 'Devolver itens' });
  await dialog.getByLabel('Devolver Camiseta Lisa').fill('1');
  await dialog.getByLabel('Reembolso').selectOption('dinheiro');
  await dialog.getByLabel('Motivo da devolução').fill('não serviu');
  await dialog.getByRole('button', { name: 'Devolver' }).click();
  await expect(dialog.getByLabel('Reembolso')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('.field', { hasText: 'Reembolso' }).getByRole('alert')).toHaveText(
    'Para devolver dinheiro ao cliente, abra o caixa deste terminal primeiro.',
  );
  // Nothing was returned.
  const sale = await rpc<{ returns: unknown[] }>(page, server.url, 'sales.get', { external_id: 'RET-CASH' });
  expect(sale.returns).toEqual([]);
});

test('Vendas: each payment shows what was given, applied and the change; an all-change tender is not R$ 0,00', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await product(page, server.url, 'BOLSA', 'Bolsa de Couro', 4700);
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 1000 });
  // R$ 50,00 + R$ 2,00 in cash on R$ 47,00: 47,00 applied / 3,00 change, then 0,00 applied / 2,00 change.
  await rpc(page, server.url, 'sales.register', {
    external_id: 'CHANGE-1',
    items: [{ variant_external_id: 'BOLSA', qty: 1 }],
    payments: [
      { method: 'dinheiro', amount: 5000 },
      { method: 'dinheiro', amount: 200 },
    ],
  });
  await openVendas(page);
  await salesTable(page)
    .getByRole('row', { name: /Concluída/ })
    .dblclick();
  const payments = detail(page).getByRole('region', { name: 'Pagamentos' }).getByTestId('payment-amount');
  await expect(payments).toHaveCount(2);
  await expect(payments.nth(0)).toHaveText('R$ 50,00aplicado R$ 47,00 · troco R$ 3,00');
  await expect(payments.nth(1)).toHaveText('R$ 2,00aplicado R$ 0,00 · troco R$ 2,00');
});

test('Caixa: a sangria above the limit asks for a supervisor and goes through with login + PIN', async ({
  page,
  server,
}) => {
  // Three logins' worth of PIN hashing (two users created, one login) plus two approvals.
  test.slow();
  await firstRun(page, server.url);
  await rpc(page, server.url, 'counter.settings.set', { cash_sangria_approval_above_cents: 5000 });
  await rpc(page, server.url, 'users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' });
  await rpc(page, server.url, 'users.create', { name: 'Gil Gerente', login: 'gil', role: 'manager', pin: '5678' });
  await page.getByRole('button', { name: 'Sair' }).click();
  await login(page, 'bruno', '4321');
  await expect(page.getByText('Bruno Caixa')).toBeVisible();
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 20000 });
  await page.keyboard.press('F9');
  const form = page.getByRole('form', { name: 'Suprimento ou sangria' });

  // Up to the limit: no supervisor.
  await form.getByLabel('Valor da movimentação (R$)').fill('50,00');
  await form.getByLabel('Motivo').fill('troco para o banco');
  await form.getByRole('button', { name: 'Registrar' }).click();
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 150,00');
  await expect(form.getByLabel('Login do gerente')).toHaveCount(0);

  // Above it: asked for, a wrong PIN is refused, the manager's goes through.
  await form.getByLabel('Valor da movimentação (R$)').fill('100,00');
  await form.getByLabel('Motivo').fill('depósito');
  await form.getByRole('button', { name: 'Registrar' }).click();
  await expect(form.getByLabel('Login do gerente')).toBeVisible();
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 150,00');
  await form.getByLabel('Login do gerente').fill('gil');
  await form.getByLabel('PIN do gerente').fill('0000');
  await form.getByRole('button', { name: 'Aprovar e registrar' }).click();
  await expect(form.getByRole('alert')).toHaveText('Login ou PIN de aprovação incorretos.');
  await form.getByLabel('PIN do gerente').fill('5678');
  await form.getByRole('button', { name: 'Aprovar e registrar' }).click();
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 50,00');
  await expect(form.getByLabel('Login do gerente')).toHaveCount(0);
  await expect(form.getByLabel('Valor da movimentação (R$)')).toHaveValue('');
});

test('Configurações → Regras do caixa: the sangria limit is typed in R$ and saved in centavos', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Regras do caixa' }).click();
  const rules = page.getByRole('form', { name: 'Regras do caixa' });
  const field = rules.getByLabel('Sangria sem aprovação do gerente até (R$)');
  await expect(field).toHaveValue('500,00');
  await field.fill('abc');
  await rules.getByRole('button', { name: 'Salvar regras' }).click();
  await expect(rules.getByText('Informe um valor em reais, como 500,00.')).toBeVisible();
  await field.fill('1.250,50');
  await rules.getByRole('button', { name: 'Salvar regras' }).click();
  await expect(rules.getByRole('status')).toHaveText('Regras salvas.');
  const settings = await rpc<{ cash_sangria_approval_above_cents: number }>(page, server.url, 'counter.settings', {});
  expect(settings.cash_sangria_approval_above_cents).toBe(125050);
  await page.reload();
  await page.getByRole('tab', { name: 'Regras do caixa' }).click();
  await expect(page.getByLabel('Sangria sem aprovação do gerente até (R$)')).toHaveValue('1250,50');
});

test('Vendas: "Exportar CSV" downloads the filtered sales for the owner; a cashier has no button', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await product(page, server.url, 'CAM-01', 'Camiseta Lisa', 4990);
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 0 });
  await rpc(page, server.url, 'sales.register', {
    external_id: 'EXP-1',
    items: [{ variant_external_id: 'CAM-01', qty: 2 }],
    payments: [{ method: 'pix', amount: 9980 }],
  });
  await openVendas(page);
  await expect(page.getByTestId('totals-count')).toHaveText('1');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('vendas.csv');
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, row] = text.slice(1).split('\r\n');
  expect(header?.split(';').slice(0, 3)).toEqual(['Número', 'Data', 'Canal']);
  expect(row).toContain(';99,80;');

  await rpc(page, server.url, 'users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' });
  await page.getByRole('button', { name: 'Sair' }).click();
  await login(page, 'bruno', '4321');
  await openVendas(page);
  await expect(page.getByTestId('totals-count')).toHaveText('1');
  await expect(page.getByRole('button', { name: 'Exportar CSV' })).toHaveCount(0);
});

test('layout: the PDV line total stays inside the cart at 1024 px; the sale number is whole beside the detail at 1366 px', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await product(page, server.url, 'CAM-01', 'Camiseta Básica Algodão', 4990);
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 0 });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.keyboard.press('F1');
  const search = page.getByLabel(/Produto \(nome, SKU/);
  await search.fill('CAM-01');
  await search.press('Enter');
  const cart = page.getByRole('table', { name: 'Itens da venda' });
  await expect(cart.getByRole('cell', { name: 'R$ 49,90' }).last()).toBeVisible();
  const edges = await page.evaluate(() => ({
    cells: Math.max(
      ...[...document.querySelectorAll('table.cart td, table.cart th')].map((c) => c.getBoundingClientRect().right),
    ),
    panel: document.querySelector('.pdv-main')?.getBoundingClientRect().right ?? 0,
  }));
  expect(edges.cells).toBeLessThanOrEqual(edges.panel);
  await rpc(page, server.url, 'sales.register', {
    external_id: 'LAYOUT-1',
    items: [{ variant_external_id: 'CAM-01', qty: 1 }],
    payments: [{ method: 'pix', amount: 4990 }],
  });

  await page.setViewportSize({ width: 1366, height: 768 });
  await openVendas(page);
  await salesTable(page)
    .getByRole('row', { name: /Concluída/ })
    .dblclick();
  await expect(detail(page)).toBeVisible();
  const number = salesTable(page).locator('td.col-number').first();
  await expect(number).toHaveText('LJ01-CX1-000001');
  expect(await number.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});
