import { readFileSync } from 'node:fs';
import { openWithDemo } from './analytics.helpers';
import { expect, rpc, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 900 } });

const countOf = async (text: Promise<string | null>) => Number((await text)?.replace(/\D/g, '') ?? NaN);

test('Clientes on demo data: virtualized list of every customer, segment filter, search, detail, CSV export', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await openWithDemo(page, server.url, server.dataDir, 'Clientes');
  const count = page.getByTestId('customers-count');
  // The demo makes 400 customers; the first run makes none.
  await expect(count).toHaveText('400 clientes', { timeout: 30_000 });
  const list = page.getByRole('table', { name: 'Clientes' });
  await expect(list.locator('tbody tr[aria-rowindex]').first().getByRole('button')).toBeVisible();
  await expect(page.getByLabel('Como o CLV é calculado')).toContainText('vida útil de 3 anos');
  await expect(page.getByLabel('Como o CLV é calculado')).toContainText('30%');
  await page.screenshot({ path: 'docs/clientes.png' });

  // Virtualized: far fewer rows in the page than customers, and End reaches the last one.
  expect(await list.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(100);
  await page.getByRole('region', { name: /Lista de clientes/ }).focus();
  await page.keyboard.press('End');
  const last = list.locator('tbody tr[aria-rowindex="401"]');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last.getByRole('button')).toBeVisible();

  // Segment filter: only campeões, fewer than everyone.
  await page.getByLabel('Segmento', { exact: true }).selectOption({ label: 'Campeões' });
  await expect(count).not.toHaveText('400 clientes');
  await expect(count).toHaveText(/^\d+ clientes?$/);
  const champions = await countOf(count.textContent());
  expect(champions).toBeGreaterThan(0);
  expect(champions).toBeLessThan(400);
  const segments = list.locator('tbody tr[aria-rowindex] .segment');
  await expect(segments.first()).toHaveText('Campeões');
  for (const text of await segments.allTextContents()) expect(text).toBe('Campeões');

  // CSV of the filtered list: a marketing list, so only the champions who consented (LGPD).
  const two = await rpc<{ rows: { customer_id: string; name: string }[] }>(page, server.url, 'analytics.customers', {
    segment: 'campeoes',
    limit: 2,
  });
  for (const c of two.rows) {
    await rpc(page, server.url, 'consents.grant', {
      customer_id: c.customer_id,
      purpose: 'marketing',
      text_shown: 'Aceito receber ofertas da loja.',
      channel: 'presencial',
    });
  }
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('clientes-campeoes.csv');
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('\uFEFFCliente;Código;Segmento;Última compra;Compras;Valor 12 meses (R$);CLV (R$)');
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(two.rows.map((c) => c.name));
  expect(lines.slice(1).every((l) => l.includes(';Campeões;'))).toBe(true);

  // Search inside the segment by the first champion's name, then open the detail.
  const first = list.locator('tbody tr[aria-rowindex="2"]').getByRole('button');
  const name = (await first.textContent()) ?? '';
  await page.getByLabel('Buscar', { exact: true }).fill(name);
  await expect(count).toHaveText(/^\d+ clientes?$/);
  await expect(list.locator('tbody tr[aria-rowindex]').first().getByRole('button')).toHaveText(name);
  await list.locator('tbody tr[aria-rowindex]').first().getByRole('button').click();
  const detail = page.getByRole('dialog', { name: `Cliente: ${name}` });
  await expect(detail.getByTestId('customer-segment')).toHaveText('Campeões');
  await expect(detail.getByTestId('customer-points')).toHaveText(/^\d/);
  await expect(detail.getByRole('table', { name: 'Compras do cliente' }).locator('tbody tr').first()).toBeVisible();
  await expect(detail.getByRole('table', { name: 'Histórico de segmentos' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // A search that finds nobody says so.
  await page.getByLabel('Buscar', { exact: true }).fill('zzzz nenhum cliente');
  await expect(count).toHaveText('0 clientes');
  await expect(list).toContainText('Nenhum cliente com estes filtros.');
});
