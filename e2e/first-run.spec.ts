import { completeFirstRun, expect, OWNER, test } from './fixtures';

test('first run creates the store and the owner and lands on the shell', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Bem-vindo ao Balcão' })).toBeVisible();
  await completeFirstRun(page);
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav).toBeVisible();
  // The screens that exist (the owner may open all of them).
  for (const label of ['PDV', 'Caixa', 'Vendas', 'Configurações'])
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  await expect(nav.getByText(OWNER.name)).toBeVisible();
  await expect(nav.getByText('Dono')).toBeVisible();
  await page.screenshot({ path: 'docs/shell.png' });

  // The data is in the file: a reload after logout asks for the login of the owner just created.
  await nav.getByRole('button', { name: 'Sair' }).click();
  await page.getByLabel('Usuário').fill(OWNER.login);
  await page.getByLabel('PIN').fill('9999');
  await page.getByLabel('PIN').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Usuário ou PIN incorretos.');
  await page.getByLabel('PIN').fill(OWNER.pin);
  await page.getByLabel('PIN').press('Enter');
  await expect(nav.getByText(OWNER.name)).toBeVisible();
});

test('first run shows field errors in Portuguese and keeps the form', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByLabel('Nome da loja').fill('Loja');
  await page.getByLabel('CNPJ (opcional)').fill('11.111.111/1111-11');
  await page.getByLabel('Nome', { exact: true }).fill('Ana');
  await page.getByLabel('Usuário').fill('ana');
  await page.getByLabel('PIN (4 a 8 dígitos)').fill('12');
  await page.getByRole('button', { name: 'Criar loja e entrar' }).click();
  await expect(page.getByText('CNPJ inválido.')).toBeVisible();
  await expect(page.getByText('O PIN deve ter de 4 a 8 dígitos.')).toBeVisible();
  await expect(page.getByLabel('Nome da loja')).toHaveValue('Loja');
});

test('first run recommends a password; the owner then signs in with it instead of the PIN', async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await expect(page.getByText('Recomendamos uma senha para o dono')).toBeVisible();
  await page.getByLabel('Nome da loja').fill('Loja');
  await page.getByLabel('Nome', { exact: true }).fill(OWNER.name);
  await page.getByLabel('Usuário').fill(OWNER.login);
  await page.getByLabel('PIN (4 a 8 dígitos)').fill(OWNER.pin);
  await page.getByLabel('Senha (recomendado, 8 ou mais caracteres)').fill('curta');
  await page.getByRole('button', { name: 'Criar loja e entrar' }).click();
  await expect(page.getByText('A senha deve ter ao menos 8 caracteres.')).toBeVisible();
  await page.getByLabel('Senha (recomendado, 8 ou mais caracteres)').fill('balcão seguro 2026');
  await page.getByRole('button', { name: 'Criar loja e entrar' }).click();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('button', { name: 'Sair' }).click();
  await page.getByLabel('Usuário').fill(OWNER.login);
  await page.getByLabel('PIN ou senha').fill(OWNER.pin);
  await page.getByLabel('PIN ou senha').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Usuário ou PIN incorretos.');
  await page.getByLabel('PIN ou senha').fill('balcão seguro 2026');
  await page.getByLabel('PIN ou senha').press('Enter');
  await expect(nav.getByText(OWNER.name)).toBeVisible();
});
