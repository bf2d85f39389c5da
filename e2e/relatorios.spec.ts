import { readFileSync } from 'node:fs';
import { openWithDemo } from './analytics.helpers';
import { completeFirstRun, expect, rpc, rpcResult, test } from './fixtures';

test('Relatórios: the monthly PDF and a CSV export are generated off the UI thread, downloaded and listed', async ({
  page,
  server,
}) => {
  test.setTimeout(180_000);
  await openWithDemo(page, server.url, server.dataDir, 'Relatórios');

  // The monthly PDF of last month (the default), all locations.
  const month = await page.getByLabel('Mês', { exact: true }).inputValue();
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  const pdfDownload = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Gerar' }).click();
  await expect(page.getByRole('progressbar', { name: 'Progresso' })).toBeVisible();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`relatorio-mensal-${month}.pdf`);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await expect(page.getByRole('status').filter({ hasText: 'Pronto:' })).toHaveText(
    `Pronto: relatorio-mensal-${month}.pdf`,
  );

  // An export: vendas as CSV for pt-BR Excel.
  await page.getByLabel('Exportação de dados').check();
  await page.getByLabel('Dados', { exact: true }).selectOption('vendas');
  await page.getByLabel('Formato', { exact: true }).selectOption('csv');
  await expect(page.getByLabel('Separador')).toHaveValue(';');
  const csvDownload = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Gerar' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^vendas-\d{4}-\d{2}-01-a-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.startsWith('\uFEFFNúmero;Data;Unidade;Vendedor;Cliente;Situação')).toBe(true);
  expect(text).toMatch(/\r\nTotal;/);

  // Both files are in the recent list with their actions.
  const recent = page.getByRole('table');
  await expect(recent.getByRole('row')).toHaveCount(3);
  await expect(recent.getByRole('cell', { name: `relatorio-mensal-${month}.pdf`, exact: true })).toBeVisible();
  await expect(recent.getByRole('button', { name: `Mostrar relatorio-mensal-${month}.pdf na pasta` })).toBeVisible();
  await expect(recent.getByRole('button', { name: `Abrir relatorio-mensal-${month}.pdf` })).toBeVisible();

  // A bad period is refused in pt-BR and nothing starts.
  await page.getByLabel('De', { exact: true }).fill('2026-12-31');
  await page.getByLabel('Até', { exact: true }).fill('2026-12-01');
  await page.getByRole('button', { name: 'Gerar' }).click();
  await expect(page.getByRole('alert')).toContainText('A data inicial deve ser anterior ou igual à final.');
  await page.screenshot({ path: 'docs/relatorios.png' });
});

test('Relatórios is not in a cashier\u2019s menu and its operations are refused', async ({ page, server }) => {
  await page.goto(server.url);
  await completeFirstRun(page, 'Loja Exemplo');
  await expect(
    page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Relatórios' }),
  ).toBeVisible();
  await rpc(page, server.url, 'users.create', { name: 'Caio Caixa', login: 'caio', role: 'cashier', pin: '5678' });
  await rpc(page, server.url, 'auth.logout', {});
  await rpc(page, server.url, 'auth.login', { login: 'caio', pin: '5678' });
  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav.getByRole('link', { name: 'PDV' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Relatórios' })).toHaveCount(0);
  const refused = (await rpcResult(page, server.url, 'reports.export', {
    kind: 'monthly',
    month: '2026-10',
    format: 'pdf',
  })) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});
