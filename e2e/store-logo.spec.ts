import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeFirstRun, expect, test } from './fixtures';

test('the store logo is uploaded in Configurações → Loja and previewed on Relatórios', async ({ page, server }) => {
  test.setTimeout(120_000);
  await page.goto(server.url);
  await completeFirstRun(page);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('tab', { name: 'Loja' })).toHaveAttribute('aria-selected', 'true');
  const logo = page.getByRole('region', { name: 'Logo da loja' });
  // Not an image: refused in pt-BR, nothing kept.
  await logo
    .getByLabel('Enviar logo')
    .setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a....') });
  await expect(logo.getByRole('status')).toHaveText('Envie o logo em PNG ou JPEG.');
  await expect(logo.getByRole('img')).toHaveCount(0);
  const png = readFileSync(join(process.cwd(), 'docs', 'shell.png'));
  await logo.getByLabel('Enviar logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await expect(logo.getByRole('status')).toHaveText('Logo salvo.');
  await expect(logo.getByRole('img', { name: 'Logo da loja' })).toBeVisible();
  await expect(logo.getByLabel('Trocar logo')).toBeVisible();

  await page.getByRole('link', { name: 'Relatórios' }).click();
  await expect(page.getByRole('img', { name: 'Logo da capa do relatório' })).toBeVisible();
  await expect(page.getByText('O logo é enviado em Configurações → Loja.')).toBeVisible();
});
