import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpc, scan, test } from './fixtures';

/** Issue 17 at the screens: a crediário sale by keyboard, its carnê PDF, a late parcela received. */

const ZONE = 'America/Sao_Paulo';
// The browser's calendar is the store's (the PDV proposes the first due date from it).
test.use({ timezoneId: ZONE });

/** The store's calendar day `days` from now (the store's zone, as the core counts days late). */
function storeDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + days * 86_400_000));
}

async function setUp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  await rpc(page, url, 'catalog.upsertProduct', {
    external_id: 'BOTA-38',
    name: 'Bota Couro',
    unit_price: 29990,
    barcodes: ['7891000100011'],
    category: 'Calçados',
    kind: 'goods',
  });
  await rpc(page, url, 'stock.receive', { sku: 'BOTA-38', qty: 10 });
  await rpc(page, url, 'sales.apply', {
    action: 'update_customer_data',
    transaction_data: { external_id: 'CLI-1', name: 'Maria Aparecida', cpf: '529.982.247-25' },
  });
  await rpc(page, url, 'cash.open', { opening_float_cents: 10000 });
}

test('a crediário sale at the PDV by keyboard, its parcelas on the receipt and the carnê PDF', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);
  await page.keyboard.press('F1');
  const search = page.getByLabel(/Produto \(nome, SKU/);
  await expect(search).toBeFocused();

  // The customer (F4): crediário needs one with a CPF.
  await page.keyboard.press('F4');
  await page.keyboard.type('Maria');
  await expect(page.getByRole('option', { name: /Maria Aparecida/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(search).toBeFocused();
  await scan(page, '7891000100011');
  await expect(page.getByTestId('cart-total')).toHaveText('R$ 299,90');

  // F8, 7 = crediário; the amount is what is due; 3 parcelas; the first due date as proposed.
  await page.keyboard.press('F8');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByLabel('Forma de pagamento (1–7)')).toBeFocused();
  await page.keyboard.press('7');
  await expect(pay.getByLabel('Forma de pagamento (1–7)')).toHaveValue('crediario');
  await page.keyboard.press('Tab');
  await expect(pay.getByLabel('Valor (R$)')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(pay.getByLabel('Parcelas (1–12)')).toBeFocused();
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');

  // The plan is shown before confirming: 3 parcelas summing exactly to R$ 299,90, no interest.
  const plan = pay.getByRole('region', { name: 'Parcelas do crediário' });
  await expect(plan.getByRole('listitem')).toHaveCount(3);
  await expect(plan).toContainText('R$ 99,97');
  await expect(plan).toContainText('R$ 99,96');
  await expect(plan).toContainText('Total a pagar R$ 299,90');
  await expect(pay.getByTestId('remaining')).toHaveText('R$ 0,00');
  await page.keyboard.press('F10');

  const receipt = page.getByRole('article', { name: 'Cupom' });
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText('Crediário 3x');
  await expect(receipt).toContainText('CREDIÁRIO — PARCELAS');
  await expect(receipt).toContainText(`1/3 vence ${storeDayBR(30)}`);
  await page.keyboard.press('Enter');
  await expect(search).toBeFocused();

  // Recebíveis: the three open parcelas; the carnê as a PDF with one slip per parcela.
  await page.getByRole('link', { name: 'Recebíveis' }).click();
  const open = page.getByRole('region', { name: 'Parcelas em aberto' });
  await expect(open.getByRole('row')).toHaveCount(4);
  const downloadWait = page.waitForEvent('download');
  await open.getByRole('button', { name: 'Carnê' }).first().click();
  const download = await downloadWait;
  expect(download.suggestedFilename()).toMatch(/^carne-.+\.pdf$/);
  const dir = mkdtempSync(join(tmpdir(), 'balcao-carne-'));
  try {
    const file = join(dir, 'carne.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replaceAll('\u00a0', ' ');
    expect(text).toContain('Carnê de crediário');
    expect(text).toContain('Cliente: Maria Aparecida');
    for (const slip of ['Parcela 1/3', 'Parcela 2/3', 'Parcela 3/3']) expect(text).toContain(slip);
    expect(text).toContain('Valor: R$ 99,96');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a late parcela received at the caixa: fine and pro-rata interest, change, the drawer counts it', async ({
  page,
  server,
}) => {
  await setUp(page, server.url);
  // R$ 300,00 in 3x bought 20 days ago, the first parcela due 10 days ago (an import).
  await rpc(page, server.url, 'sales.apply', {
    action: 'register_sale',
    transaction_data: {
      external_id: 'CRED-LATE',
      occurred_at: `${storeDay(-20)}T12:00:00-03:00`,
      customer_external_id: 'CLI-1',
      items: [{ variant_external_id: 'BOTA-38', qty: 1, unit_price: 30000 }],
      payments: [{ method: 'crediario', amount: 30000, installments: 3, first_due_date: storeDay(-10) }],
    },
  });

  await page.getByRole('link', { name: 'Recebíveis' }).click();
  const open = page.getByRole('region', { name: 'Parcelas em aberto' });
  await open.getByLabel('Só atrasadas').check();
  await expect(open.getByRole('row')).toHaveCount(2);
  const late = open.getByRole('row', { name: /CRED-LATE/ });
  await expect(late).toContainText('10 dias');
  await expect(late).toContainText('R$ 102,33');

  // R$ 100,00 ten days late: 2 % fine (R$ 2,00) + 1 %/month × 10/30 (R$ 0,33) = R$ 102,33.
  await late.getByRole('button', { name: /Receber parcela 1/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Receber parcela' });
  await expect(dialog.getByTestId('quote-total')).toHaveText('R$ 102,33');
  await expect(dialog.getByTestId('quote-fine')).toHaveText('R$ 2,00');
  await expect(dialog.getByTestId('quote-interest')).toHaveText('R$ 0,33');
  await expect(dialog.getByLabel('Forma de recebimento')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Valor recebido (R$)')).toBeFocused();
  await page.keyboard.type('110,00');
  await page.keyboard.press('Enter');

  const done = page.getByRole('dialog', { name: 'Parcela recebida' });
  await expect(done.getByTestId('receipt-paid')).toHaveText('Pago (Dinheiro): R$ 102,33');
  await expect(done).toContainText('Troco: R$ 7,67');
  await page.keyboard.press('Escape');
  await expect(open).toContainText('Nenhuma parcela em aberto.');

  // The drawer: float R$ 100,00 + R$ 110,00 received − R$ 7,67 change.
  await page.keyboard.press('F9');
  await expect(page.getByTestId('expected-cash')).toHaveText('R$ 202,33');
});

function storeDayBR(days: number): string {
  const [y, m, d] = storeDay(days).split('-');
  return `${d}/${m}/${y}`;
}
