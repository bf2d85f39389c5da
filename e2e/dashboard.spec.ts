import { readFileSync } from 'node:fs';
import { openWithDemo } from './analytics.helpers';
import { expect, rpc, rpcResult, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 900 } });

test('the Dashboard on demo data: KPIs against the previous period, charts with tables and CSV, RFM movement, overdue tasks', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await openWithDemo(page, server.url, server.dataDir, 'Dashboard');
  await expect(page.getByRole('status').filter({ hasText: 'Atualizado' })).toBeVisible({ timeout: 30_000 });

  // Today and this month's KPIs, each with the previous period and the variation.
  await expect(page.getByRole('region', { name: 'Hoje' })).toBeVisible();
  const kpis = page.getByRole('region', { name: 'Indicadores do período' });
  await expect(kpis.getByTestId('kpi-net_revenue')).toContainText('R$');
  await expect(kpis.getByTestId('kpi-net_revenue')).toContainText('antes');
  await expect(kpis.getByTestId('kpi-purchases').getByLabel(/^Variação: /)).toBeVisible();

  // Every chart is drawn (SVG renderer) from the shared definitions.
  for (const id of ['revenue-by-day', 'payment-methods', 'period-comparison', 'top-products', 'rfm-movement']) {
    await expect(page.locator(`[data-chart="${id}"] svg`).first()).toBeVisible();
  }
  // The README's picture: today, the KPIs and the first charts (the page is much longer).
  await page.screenshot({
    path: 'docs/dashboard.png',
    fullPage: true,
    clip: { x: 0, y: 0, width: 1366, height: 1400 },
  });

  // The same numbers as a table, and as CSV (pt-BR Excel: BOM, semicolons).
  const payments = page.getByRole('region', { name: 'Formas de pagamento' });
  await payments.getByRole('button', { name: 'Tabela' }).click();
  const table = payments.getByRole('table', { name: 'Números: Formas de pagamento' });
  await expect(table.getByRole('rowheader', { name: 'PIX', exact: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await payments.getByRole('button', { name: 'Exportar CSV: Formas de pagamento' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('payment-methods.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv.startsWith('\uFEFFForma;Valor (R$);Vendas\r\n')).toBe(true);
  expect(csv).toContain('\r\nPIX;');

  // RFM distribution and its month-to-month movement, as numbers: every segment is a row.
  const movement = page.locator('[data-chart="rfm-movement"]');
  await movement.getByRole('button', { name: 'Tabela' }).click();
  for (const label of ['Campeões', 'Fiéis', 'Em risco', 'Perdidos', 'Sem compras']) {
    await expect(movement.getByRole('rowheader', { name: label, exact: true })).toBeVisible();
  }

  // Overdue lead tasks per user (the demo assigns some to the owner, some to nobody).
  const overdue = page.getByRole('region', { name: 'Tarefas de leads atrasadas' });
  await expect(overdue.getByTestId('overdue-user').first()).toBeVisible();
  await expect(overdue).toContainText('Ana Souza');
  await expect(overdue).toContainText('Sem responsável');

  // Margins of the top products: the owner may see them.
  await expect(page.getByRole('region', { name: 'Margem dos mais vendidos' })).toBeVisible();
  // The margin after the payment fees, by category (issue 17).
  const afterFees = page.getByRole('region', { name: 'Margem após taxas' });
  await expect(afterFees).toBeVisible();
  await expect(afterFees).toContainText('Roupas');

  // Another period: last month, compared with the month before it.
  const dashboard = await rpc<{ kpis: { from: string; to: string; previous: { from: string } } }>(
    page,
    server.url,
    'analytics.dashboard',
    { from: '2026-01-01', to: '2026-01-31' },
  );
  expect(dashboard.kpis.previous.from).toBe('2025-12-01');
  await page.getByLabel('Período', { exact: true }).selectOption({ label: 'Mês passado' });
  await expect(kpis.getByRole('heading')).toContainText('× anterior');
  await expect(page.getByRole('status').filter({ hasText: 'Atualizado' })).toBeVisible({ timeout: 30_000 });
  const [from, to] = await Promise.all([
    page.getByLabel('De', { exact: true }).inputValue(),
    page.getByLabel('Até', { exact: true }).inputValue(),
  ]);
  expect(from.endsWith('-01')).toBe(true);
  expect(to > from).toBe(true);

  // A reversed range is refused in Portuguese, and nothing else changes.
  await page.getByLabel('De', { exact: true }).fill('2026-12-31');
  await page.getByLabel('Até', { exact: true }).fill('2026-01-01');
  await expect(page.getByRole('alert')).toContainText('A data inicial deve ser anterior ou igual à final.');

  // A cashier has neither the screen nor the data.
  await rpc(page, server.url, 'users.create', { name: 'Caio Caixa', login: 'caio', role: 'cashier', pin: '5678' });
  await rpc(page, server.url, 'auth.login', { login: 'caio', pin: '5678' });
  const refused = (await rpcResult(page, server.url, 'analytics.dashboard', {
    from: '2026-01-01',
    to: '2026-01-31',
  })) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav.getByRole('link', { name: 'PDV' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Clientes' })).toHaveCount(0);
});
