import { completeFirstRun, expect, rpc, test } from './fixtures';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00' }));

test('agenda, keyboard first: book a free slot, refuse the same slot, reschedule, realize and check out', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(server.url);
  await completeFirstRun(page, 'Clínica Bela Pele');
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  // The clinic's sample data, with hours every day so the test runs on any date.
  await rpc(page, server.url, 'agenda.demo', {});
  const all = ['PROC-BOTOX', 'PROC-LIMPEZA', 'PROC-PEELING'];
  for (const [id, name] of [
    ['PROF-ANA', 'Dra. Ana Lima'],
    ['PROF-JOAO', 'Dr. João Reis'],
  ]) {
    await rpc(page, server.url, 'agenda.upsert_professional', {
      external_id: id,
      name,
      procedures: all,
      working_hours: EVERY_DAY,
    });
  }
  for (const [id, name, phone] of [
    ['P1', 'Maria Souza', '11987654321'],
    ['P2', 'Paula Reis', '11912345678'],
  ]) {
    await rpc(page, server.url, 'sales.apply', {
      action: 'update_customer_data',
      transaction_data: { external_id: id, name, phone },
    });
  }
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 10000 });

  const nav = page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Agenda' });
  await nav.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Agenda' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Dra. Ana Lima' })).toBeVisible();

  // Book Maria at 10:00 with Dra. Ana from the empty slot, by keyboard.
  const slot = page.getByRole('button', { name: 'Livre? Dra. Ana Lima 10:00' });
  await slot.focus();
  await page.keyboard.press('Enter');
  let dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Buscar paciente')).toBeFocused();
  await page.keyboard.type('Maria');
  await dialog.getByRole('button', { name: 'Maria Souza' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Buscar paciente')).toHaveValue('Maria Souza');
  await dialog.getByLabel('Procedimento').selectOption({ label: 'Limpeza de Pele — 60 min — R$ 150,00' });
  await expect(dialog.getByRole('group', { name: /Horário: 10:00/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Agendar' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const maria = page.locator('[data-appointment]').filter({ hasText: 'Maria Souza' });
  await expect(maria).toHaveAttribute('aria-label', /^10:00–11:00 Maria Souza, Limpeza de Pele, Pendente/);

  // The same slot for Paula is refused with the reason, naming Maria's booking.
  await slot.focus();
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog');
  await page.keyboard.type('Paula');
  await dialog.getByRole('button', { name: 'Paula Reis' }).focus();
  await page.keyboard.press('Enter');
  await dialog.getByLabel('Procedimento').selectOption({ label: 'Limpeza de Pele — 60 min — R$ 150,00' });
  await dialog.getByRole('button', { name: 'Agendar' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText(
    'Horário ocupado: conflita com o agendamento de Maria Souza (Limpeza de Pele) às 10:00 — Dra. Ana Lima.',
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Paula goes to Dr. João at 10:00 (through the contract); moving Maria onto him is refused
  // with the reason shown; moving her 15 minutes later is accepted.
  const day = await page.getByLabel('Data').inputValue();
  const [booked] = await rpc<{ start: string }[]>(page, server.url, 'agenda.list', { from: day });
  const offset = booked?.start.slice(19) ?? '';
  expect(offset).toMatch(/^[+-]\d\d:\d\d$/);
  await rpc(page, server.url, 'agenda.book', {
    external_id: 'PAULA-1',
    customer_external_id: 'P2',
    procedure_external_id: 'PROC-LIMPEZA',
    professional_external_id: 'PROF-JOAO',
    start: `${day}T10:00:00${offset}`,
  });
  await maria.focus();
  // Columns are in name order: Dr. João Reis, then Dra. Ana Lima.
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('status').filter({ hasText: 'Não foi possível mover' })).toHaveText(
    /Não foi possível mover: Horário ocupado: conflita com o agendamento de Paula Reis/,
  );
  await maria.focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('status').filter({ hasText: 'remarcado' })).toContainText('às 10:15');
  await expect(maria).toHaveAttribute('aria-label', /^10:15–11:15 Maria Souza/);
  await page.screenshot({ path: 'docs/agenda.png' });

  // Realize and check out at the caixa: confirm, start, realize, pay by PIX.
  await maria.focus();
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog');
  for (const action of ['Confirmar', 'Iniciar atendimento', 'Realizado']) {
    await expect(dialog.getByRole('button', { name: action })).toBeFocused();
    await page.keyboard.press('Enter');
  }
  await expect(dialog.getByText('Realizado', { exact: true })).toBeVisible();
  await dialog.getByLabel('Forma de pagamento').selectOption('pix');
  await dialog.getByRole('button', { name: /Fechar conta no caixa/ }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText(/Venda .+ registrada: R\$\s150,00\./);
  const sales = await rpc<{ sales: { total_cents: number; status: string }[] }>(page, server.url, 'sales.query', {
    limit: 10,
  });
  expect(sales.sales).toMatchObject([{ total_cents: 15000 }]);
  // A second checkout is not offered, and the core refuses it.
  const again = await page.request.post(`${server.url}/rpc/agenda.checkout`, {
    data: { external_id: (await maria.getAttribute('data-appointment')) ?? '', method: 'pix' },
  });
  expect(await again.json()).toMatchObject({ ok: false, error: { code: 'already_checked_out' } });
});

test('a procedure’s buffer and resources in Configurações; the patient detail with next bookings and package balance', async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await completeFirstRun(page, 'Clínica Bela Pele');
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await rpc(page, server.url, 'agenda.demo', {});
  await rpc(page, server.url, 'agenda.upsert_professional', {
    external_id: 'PROF-ANA',
    name: 'Dra. Ana Lima',
    procedures: ['PROC-LIMPEZA'],
    working_hours: EVERY_DAY,
  });
  await rpc(page, server.url, 'sales.apply', {
    action: 'update_customer_data',
    transaction_data: { external_id: 'P1', name: 'Maria Souza', phone: '11987654321' },
  });

  // Configurações → Produtos: Limpeza de Pele holds 10 minutes after it (demo); make it 20 and the room.
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Produtos' }).click();
  await page.getByRole('row', { name: /^Limpeza de Pele / }).click();
  const form = page.getByRole('form', { name: 'Produto' });
  const buffer = form.getByLabel('Intervalo após o atendimento (minutos)');
  await expect(buffer).toHaveValue('10');
  await expect(form.getByLabel('Duração (minutos)')).toHaveValue('60');
  await buffer.fill('20');
  const resources = form.getByRole('group', { name: 'Recursos necessários' });
  await resources.getByRole('checkbox').first().check();
  await form.getByRole('button', { name: 'Salvar produto' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Produto salvo.' })).toBeVisible();
  const procedures = await rpc<{ external_id: string; buffer_minutes: number; resource_ids: string[] }[]>(
    page,
    server.url,
    'agenda.procedures',
    {},
  );
  expect(procedures.find((p) => p.external_id === 'PROC-LIMPEZA')).toMatchObject({
    buffer_minutes: 20,
    resource_ids: [expect.any(String)],
  });

  // A package of 5 sessions sold, and a booking tomorrow at 10:00 (the store's zone).
  await rpc(page, server.url, 'cash.open', { opening_float_cents: 0 });
  await rpc(page, server.url, 'sales.register', {
    external_id: 'PKG-1',
    items: [{ variant_external_id: 'PCT-LIMPEZA-5', qty: 1 }],
    customer_external_id: 'P1',
    payments: [{ method: 'dinheiro', amount: 60000 }],
  });
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
    new Date(Date.now() + 86_400_000),
  );
  await rpc(page, server.url, 'agenda.book', {
    external_id: 'MARIA-1',
    customer_external_id: 'P1',
    procedure_external_id: 'PROC-LIMPEZA',
    professional_external_id: 'PROF-ANA',
    start: `${tomorrow}T10:00:00-03:00`,
  });

  await page.getByRole('link', { name: 'Agenda' }).click();
  await page.getByRole('button', { name: 'Pacientes' }).click();
  await page.getByLabel('Paciente (nome, telefone ou CPF)').fill('Maria');
  await page.getByRole('button', { name: 'Maria Souza' }).click();
  const detail = page.getByRole('article', { name: 'Paciente Maria Souza' });
  const next = detail.getByRole('region', { name: 'Próximos agendamentos' });
  await expect(next.getByRole('row', { name: /Limpeza de Pele/ })).toContainText('10:00');
  await expect(next).toContainText('Dra. Ana Lima');
  await expect(next).toContainText('Pendente');
  const packages = detail.getByRole('region', { name: 'Pacotes de sessões' });
  await expect(packages.getByTestId('package-balance')).toHaveText('5 de 5');
  await expect(packages).toContainText('Compra +5');
  await expect(detail.getByRole('region', { name: 'Histórico de atendimentos' })).toContainText(
    'Nenhum atendimento anterior.',
  );
});
