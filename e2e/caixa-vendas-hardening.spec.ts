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

/**
 * The money texts inside `selector` that are not whole on screen: with an ellipsis, past their
 * cell, or past the visible part of the panel that scrolls them (list, detail).
 */
async function moneyCut(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) =>
    els
      .filter((el) => (el.textContent ?? '').includes('R$') && el.getClientRects().length > 0)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        const panel = el.closest('.sales-scroll, .sale-detail')?.getBoundingClientRect() ?? box;
        return (
          (el.textContent ?? '').includes('…') ||
          text.right > Math.min(box.right, panel.right) + 0.5 ||
          text.left < Math.max(box.left, panel.left) - 0.5 ||
          text.right > window.innerWidth
        );
      })
      .map((el) => el.textContent ?? ''),
  );
}

test('closing the caixa asks for a manager only while the count is outside the tolerance; the Z report fits 80 mm', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await rpc(page, server.url, 'counter.settings.set', { cash_max_difference_cents: 500 });
  await rpc(page, server.url, 'users.create', { name: 'Bruno Caixa', login: 'bruno', role: 'cashier', pin: '4321' });
  await page.getByRole('button', { name: 'Sair' }).click();
  await login(page, 'bruno', '4321');
  await expect(page.getByText('Bruno Caixa')).toBeVisible();
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 10000 });
  await page.keyboard.press('F9');
  const close = page.getByRole('form', { name: 'Fechar caixa' });

  // R$ 50,00 counted against R$ 100,00 expected: a manager must sign.
  await close.getByLabel('R$ 50', { exact: true }).fill('1');
  await expect(close.getByTestId('cash-difference')).toContainText('-R$ 50,00');
  await close.getByRole('button', { name: 'Fechar caixa' }).click();
  await expect(close.getByLabel('Login do gerente')).toBeVisible();

  // The corrected count is within the tolerance: no manager, and the caixa closes.
  await close.getByLabel('R$ 50', { exact: true }).fill('');
  await close.getByLabel('R$ 100', { exact: true }).fill('1');
  await expect(close.getByTestId('cash-difference')).toContainText('R$ 0,00');
  await expect(close.getByLabel('Login do gerente')).toHaveCount(0);
  await close.getByRole('button', { name: 'Fechar caixa' }).click();
  const z = page.getByRole('region', { name: 'Relatório Z' });
  await expect(z.getByTestId('z-difference')).toHaveText('R$ 0,00');

  // On 80 mm paper (302 px at 96 dpi) nothing of the report passes the paper's edge.
  await page.setViewportSize({ width: 302, height: 1200 });
  await page.emulateMedia({ media: 'print' });
  const overflow = await z.evaluate((root) =>
    [...root.querySelectorAll('*')]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > 302.5)
      .map((el) => `${el.tagName}:${(el.textContent ?? '').slice(0, 30)}`),
  );
  expect(overflow).toEqual([]);
  await expect(z.getByText('Diferença', { exact: true }).last()).toBeVisible();
  await page.screenshot({ path: 'test-results/z-report-80mm.png' });
});

test('the Vendas summary adds up with a cancelled sale, and large totals are whole at 1366 and 1024 px', async ({
  page,
  server,
}) => {
  await firstRun(page, server.url);
  await rpc(page, server.url, 'store.update', { city: 'Campinas', pix_key: '11222333000181' });
  await rpc(page, server.url, 'catalog.upsertProduct', {
    external_id: 'REL-01',
    name: 'Relógio de Ouro',
    category: 'Acessórios',
    kind: 'goods',
    unit_price: 10799900,
  });
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 0 });
  for (const id of ['BIG-1', 'BIG-2']) {
    await rpc(page, server.url, 'sales.register', {
      external_id: id,
      items: [{ variant_external_id: 'REL-01', qty: 10 }],
      payments: [{ method: 'pix', amount: 107999000 }],
    });
  }
  await rpc(page, server.url, 'sales.cancel', { reference_external_id: 'BIG-2', reason: 'cliente desistiu' });

  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${server.url}/#/pdv`);
    await openVendas(page);
    await expect(page.getByTestId('totals-count')).toHaveText('2');
    await expect(page.getByTestId('totals-total')).toHaveText('R$ 1.079.990,00');
    await expect(page.getByTestId('totals-refunded')).toHaveText('R$ 0,00');
    await expect(page.getByTestId('totals-net')).toHaveText('R$ 1.079.990,00');
    await expect(page.getByTestId('totals-cancelled')).toHaveText('1 venda · R$ 1.079.990,00');
    await expect(salesTable(page).getByRole('row')).toHaveCount(3);
    await page.screenshot({ path: `test-results/vendas-${width}.png` });
    expect(await moneyCut(page, '.vendas-totals dd, .sales-table td')).toEqual([]);

    // With the detail open beside the list.
    await salesTable(page)
      .getByRole('row', { name: /Concluída/ })
      .dblclick();
    await expect(detail(page)).toBeVisible();
    expect(await moneyCut(page, '.vendas-totals dd, .sales-table td, .sale-detail dd, .sale-detail td')).toEqual([]);
    await page.screenshot({ path: `test-results/vendas-${width}-detail.png` });

    // A reprint is marked as not fiscal and does not carry the PIX code of a charge already paid.
    await detail(page).getByRole('button', { name: 'Reimprimir' }).click();
    const receipt = page.getByRole('article', { name: 'Cupom' });
    await expect(receipt).toContainText('NÃO É DOCUMENTO FISCAL');
    await expect(receipt).toContainText('2ª VIA');
    await expect(receipt).not.toContainText('PIX copia e cola');
    await expect(receipt).not.toContainText('000201');
    await page.keyboard.press('Escape');
    await expect(receipt).toBeHidden();
  }
});

test('"Nova variante" keeps "Vendido por peso"', async ({ page, server }) => {
  await firstRun(page, server.url);
  await rpc(page, server.url, 'catalog.upsertProduct', {
    external_id: 'QUEIJO-1',
    product_external_id: 'QUEIJO',
    name: 'Queijo Minas',
    category: 'Frios',
    kind: 'goods',
    unit_price: 4990,
    sold_by_weight: true,
  });
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Produtos' }).click();
  await page.getByRole('row', { name: 'Queijo Minas QUEIJO-1' }).click();
  await expect(page.getByLabel('Vendido por peso (quantidade fracionada)')).toBeChecked();
  await page.getByRole('button', { name: 'Nova variante deste produto' }).click();
  await expect(page.getByRole('heading', { name: 'Novo produto' })).toBeVisible();
  await expect(page.getByLabel('Nome do produto')).toHaveValue('Queijo Minas');
  await expect(page.getByLabel('Vendido por peso (quantidade fracionada)')).toBeChecked();
});
