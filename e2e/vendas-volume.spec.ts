import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayIn } from '../renderer/src/screens/vendas/filters';
import { expect, test } from './fixtures';
import { openVendas, saleRow, salesTable, setUpStore } from './vendas.helpers';

const SALES = 3_000;

test('thousands of sales: only a window of rows is in the page, and End reaches the oldest', async ({
  page,
  server,
}) => {
  await setUpStore(page, server.url);
  // Today in the store's zone, so every imported sale falls in the default period.
  const day = dayIn('America/Sao_Paulo');
  const start = new Date(`${day}T00:30:00-03:00`).getTime();
  const lines = Array.from({ length: SALES }, (_, i) =>
    JSON.stringify({
      action: 'register_sale',
      transaction_data: {
        external_id: `VOL-${i}`,
        channel: 'ECOMMERCE',
        occurred_at: new Date(start + i * 10_000).toISOString(),
        items: [{ variant_external_id: 'CAD-01', qty: 1 }],
        payments: [{ method: 'pix', amount: 890 }],
      },
    }),
  );
  const file = join(server.dataDir, 'vendas.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The CLI writes to the same file the running server has open, as an import on the desktop would.
  const out = execFileSync(
    process.execPath,
    ['dist/cli/cli.mjs', 'apply', '--db', join(server.dataDir, 'balcao.sqlite3'), '--file', file, '--json'],
    { env: { ...process.env, BALCAO_LOG: 'silent' } },
  );
  expect(JSON.parse(out.toString())).toMatchObject({ applied: SALES, rejected: [] });

  await openVendas(page);
  await expect(page.getByTestId('totals-count')).toHaveText('3.000');
  await expect(page.getByTestId('totals-net')).toHaveText('R$ 26.700,00');
  await expect(saleRow(page, /EXT-003000/)).toBeVisible();
  const rendered = await salesTable(page).getByRole('row').count();
  expect(rendered).toBeLessThan(100);

  await page.getByRole('region', { name: /Lista de vendas/ }).focus();
  await page.keyboard.press('End');
  await expect(saleRow(page, /EXT-000001/)).toBeVisible();
  await expect(saleRow(page, /EXT-000001/)).toHaveAttribute('aria-selected', 'true');
  expect(await salesTable(page).getByRole('row').count()).toBeLessThan(100);
});
