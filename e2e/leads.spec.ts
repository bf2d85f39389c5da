import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpc, test } from './fixtures';

async function openLeads(page: Page, url: string) {
  await page.goto(url);
  await completeFirstRun(page, 'Clínica Bela Pele');
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
}

const column = (page: Page, label: string) => page.getByRole('region', { name: `Etapa ${label}` });

test('a lead goes through the kanban to Agendado, is converted, and the customer is found at the counter', async ({
  page,
  server,
}) => {
  await openLeads(page, server.url);
  await page.getByRole('button', { name: 'Novo lead' }).click();
  const form = page.getByRole('dialog', { name: 'Novo lead' });
  await form.getByLabel('Nome').fill('Joana Prado');
  await form.getByLabel('Telefone').fill('(11) 1234');
  await form.getByLabel('Origem').selectOption({ label: 'Instagram' });
  await form.getByRole('button', { name: 'Salvar lead' }).click();
  await expect(form.getByRole('alert')).toHaveText('Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.');
  await form.getByLabel('Telefone').fill('(11) 98765-4321');
  await form.getByLabel('Interesse').fill('Limpeza de pele');
  await form.getByRole('button', { name: 'Salvar lead' }).click();
  const detail = page.getByRole('dialog', { name: 'Lead: Joana Prado' });
  await expect(detail.getByTestId('lead-stage')).toHaveText('Novo');
  await expect(detail).toContainText('+5511987654321');
  await page.keyboard.press('Escape');

  // Drag the card from Novo to Contatado with the mouse (@dnd-kit pointer sensor).
  const card = page.getByTestId('lead-card-Joana Prado');
  await expect(column(page, 'Novo').getByTestId('lead-card-Joana Prado')).toBeVisible();
  const handle = card.getByLabel('Arrastar Joana Prado');
  const from = (await handle.boundingBox())!;
  const to = (await column(page, 'Contatado').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 10 });
  await page.mouse.up();
  await expect(column(page, 'Contatado').getByTestId('lead-card-Joana Prado')).toBeVisible();

  // Skipping forward from the card's menu (the keyboard way).
  await card.getByLabel('Mover Joana Prado').selectOption({ label: 'Agendado' });
  await expect(column(page, 'Agendado').getByTestId('lead-card-Joana Prado')).toBeVisible();

  // Perdido asks the reason.
  await rpc(page, server.url, 'leads.upsert', { name: 'Marcos Lima', origin: 'site' });
  await page.reload();
  await page.getByTestId('lead-card-Marcos Lima').getByLabel('Mover Marcos Lima').selectOption({ label: 'Perdido' });
  const reason = page.getByRole('dialog', { name: 'Motivo da perda' });
  await reason.getByLabel('Por que o lead foi perdido?').fill('Achou caro');
  await reason.getByRole('button', { name: 'Marcar como perdido' }).click();
  await expect(column(page, 'Perdido').getByTestId('lead-card-Marcos Lima')).toBeVisible();
  await page.screenshot({ path: 'docs/leads.png' });

  // Convert with a CPF: the customer is created, the lead is Convertido.
  await card.getByRole('button', { name: 'Abrir' }).click();
  await expect(detail).toContainText('Agendado');
  await detail.getByLabel('CPF').fill('529.982.247-25');
  await detail.getByRole('button', { name: 'Converter em cliente' }).click();
  await expect(detail.getByTestId('lead-stage')).toHaveText('Convertido');
  await expect(detail.getByTestId('lead-customer')).toHaveText('Joana Prado');
  await expect(detail.getByRole('region', { name: 'Linha do tempo' })).toContainText(
    'Convertido: Agendado → Convertido',
  );
  await page.keyboard.press('Escape');
  await expect(column(page, 'Convertido').getByTestId('lead-card-Joana Prado')).toBeVisible();

  // The customer is there for the counter (PDV, F4: Cliente da venda).
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 10000 });
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'PDV' }).click();
  await page.keyboard.press('F4');
  const customers = page.getByRole('dialog', { name: 'Cliente da venda' });
  await customers.getByLabel('Buscar cliente (nome, telefone ou CPF)').fill('Joana');
  await expect(customers.getByRole('option', { name: /Joana Prado/ })).toContainText('11987654321');
});

test('the import wizard reads a Windows-1252 ";" CSV from Excel and reports the rejected line', async ({
  page,
  server,
}) => {
  await openLeads(page, server.url);
  await page.getByRole('tab', { name: 'Importar' }).click();
  const csv = [
    'Nome;Celular;E-mail;Origem;Observações',
    'João Araújo;(21) 99876-5432;joao@exemplo.com.br;Indicação;"Quer saber; preço"',
    'Conceição Souza;11 3333-4444;;WhatsApp;',
    'Sem Telefone Bom;(11) 12;;Site;',
  ].join('\r\n');
  await page
    .getByLabel(/Arquivo CSV/)
    .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'win1252') });
  await expect(page.getByLabel('Campo da coluna Celular')).toHaveValue('phone');
  await expect(page.getByLabel('Campo da coluna Observações')).toHaveValue('notes');
  const preview = page.getByRole('table', { name: 'Prévia da importação' });
  await expect(preview).toContainText('João Araújo');
  await expect(preview).toContainText('+5521998765432');
  await expect(page.getByRole('table', { name: 'Linhas rejeitadas' })).toContainText('Linha 4: Telefone inválido');
  await page.getByRole('button', { name: 'Importar 2 leads' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Importados' })).toContainText(
    'Importados: 2 · Duplicados: 0 · Rejeitados: 1',
  );
  await page.getByRole('tab', { name: 'Quadro' }).click();
  await expect(column(page, 'Novo').getByTestId('lead-card-Conceição Souza')).toBeVisible();
  await expect(column(page, 'Novo').getByTestId('lead-card-João Araújo')).toContainText('Indicação');
});
