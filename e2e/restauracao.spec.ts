import type { Page } from '@playwright/test';
import { completeFirstRun, expect, OWNER, rpc, rpcResult, test } from './fixtures';

type Found = { name: string }[];

/** The customers whose name contains `query`, as the signed-in page sees them. */
async function customerNames(page: Page, url: string, query: string): Promise<string[]> {
  const found = await rpc<Found>(page, url, 'customers.find', { query });
  return found.map((c) => c.name).sort();
}

test('Configurações → Backup: Restaurar puts the backup back in the running app and returns to the login on the old data', async ({
  page,
  server,
}) => {
  // Two restores (one refused), each closing and reopening the database: slow on a loaded machine.
  test.setTimeout(120_000);
  await page.goto(server.url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C1', name: 'Cliente Antes do Backup' });

  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.getByRole('button', { name: 'Fazer backup agora' }).click();
  const backups = page.getByRole('table', { name: 'Backups' });
  await expect(backups.getByRole('row')).toHaveCount(2);
  await expect(backups).toContainText('Sim (SHA-256 gravado)');

  // A change made after the backup: the restore takes the data back to before it.
  await rpc(page, server.url, 'customers.upsert', { external_id: 'C2', name: 'Cliente Depois do Backup' });
  expect(await customerNames(page, server.url, 'Cliente')).toEqual([
    'Cliente Antes do Backup',
    'Cliente Depois do Backup',
  ]);

  await backups.getByRole('button', { name: 'Restaurar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restaurar backup' });
  await expect(dialog).toContainText('antes-da-restauracao');
  await dialog.getByRole('button', { name: 'Restaurar' }).click();

  // Everyone was signed out: the login, then the data as it was at the backup.
  const login = page.getByRole('form', { name: 'Entrar', exact: true });
  await expect(login).toBeVisible({ timeout: 30_000 });
  await login.getByLabel('Usuário').fill(OWNER.login);
  await login.getByLabel('PIN ou senha').fill(OWNER.pin);
  await login.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  expect(await customerNames(page, server.url, 'Cliente')).toEqual(['Cliente Antes do Backup']);

  // A file that is not a backup, sent from this computer, is refused and nothing changes.
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.getByLabel(/Restaurar de um arquivo/).setInputFiles({
    name: 'nao-e-backup.sqlite3',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('isto não é um banco de dados do Balcão'.repeat(100)),
  });
  await dialog.getByRole('button', { name: 'Restaurar' }).click();
  await expect(dialog.getByRole('alert')).toContainText('corrompido');
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  expect(await rpcResult(page, server.url, 'app.status', {})).toMatchObject({
    ok: true,
    value: { user: { login: 'ana' } },
  });
  expect(await customerNames(page, server.url, 'Cliente')).toEqual(['Cliente Antes do Backup']);
});

test('a manager sees the backups without Restaurar and the idle-lock times read-only', async ({ page, server }) => {
  await page.goto(server.url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await rpc(page, server.url, 'users.create', { name: 'Gil Gerente', login: 'gil', pin: '4321', role: 'manager' });
  await rpc(page, server.url, 'backup.run', {});
  await rpc(page, server.url, 'auth.logout', {});
  await page.reload();
  const login = page.getByRole('form', { name: 'Entrar', exact: true });
  await login.getByLabel('Usuário').fill('gil');
  await login.getByLabel('PIN ou senha').fill('4321');
  await login.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('link', { name: 'Configurações' }).click();

  await page.getByRole('tab', { name: 'Backup' }).click();
  const backups = page.getByRole('table', { name: 'Backups' });
  await expect(backups.getByRole('row')).toHaveCount(2);
  await expect(backups.getByRole('button', { name: 'Restaurar' })).toHaveCount(0);
  await expect(page.getByText('Só o dono pode restaurar um backup.')).toBeVisible();

  await page.getByRole('tab', { name: 'Privacidade (LGPD)' }).click();
  await expect(page.getByText('A tela bloqueia após 10 min sem uso no caixa e 30 min')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Bloqueio por inatividade' })).toHaveCount(0);
});
