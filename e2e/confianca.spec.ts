import { completeFirstRun, expect, rpc, test } from './fixtures';

test('backup on demand, a data-subject request answered by anonymization, and the idle lock', async ({
  page,
  server,
}) => {
  await page.clock.install();
  await page.goto(server.url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await rpc(page, server.url, 'customers.upsert', {
    external_id: 'C1',
    name: 'Carla Dias',
    phone: '(11) 98888-7777',
    email: 'carla@exemplo.com.br',
  });
  await rpc(page, server.url, 'lock.update_settings', { register_minutes: 1, other_minutes: 1 });
  await page.reload();

  // Backup: "Fazer backup agora" writes a checked backup that the list shows.
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.getByRole('button', { name: 'Fazer backup agora' }).click();
  await page.clock.runFor(2_000);
  const backups = page.getByRole('table', { name: 'Backups' });
  await expect(backups.getByRole('row')).toHaveCount(2);
  await expect(backups).toContainText('Manual');

  // LGPD: an elimination request with its 15-day deadline, answered by anonymization.
  await page.getByRole('tab', { name: 'Privacidade (LGPD)' }).click();
  const form = page.getByRole('form', { name: 'Nova solicitação do titular' });
  await form.getByLabel('Código do cliente').fill('C1');
  await form.getByLabel('Tipo').selectOption('eliminacao');
  await form.getByRole('button', { name: 'Registrar solicitação' }).click();
  const requests = page.getByRole('table', { name: 'Solicitações do titular' });
  await expect(requests).toContainText('Carla Dias');
  await expect(requests).toContainText('(15 dias)');
  page.once('dialog', (d) => void d.accept());
  await requests.getByRole('button', { name: 'Anonimizar' }).click();
  await expect(page.getByText('Dados anonimizados.')).toBeVisible();
  await expect(requests).not.toContainText('Carla Dias');
  await expect(requests).toContainText('concluida');

  // Idle lock: after the configured minute the screen locks; the same PIN brings it back as it was.
  await page.clock.runFor(61_000);
  const lock = page.getByRole('dialog', { name: 'Tela bloqueada' });
  await expect(lock).toBeVisible();
  await lock.getByLabel('PIN ou senha').fill('0000');
  await lock.getByRole('button', { name: 'Desbloquear' }).click();
  await expect(lock.getByRole('alert')).toBeVisible();
  await lock.getByLabel('PIN ou senha').fill('1234');
  await lock.getByRole('button', { name: 'Desbloquear' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Privacidade (LGPD)' })).toHaveAttribute('aria-selected', 'true');
});
