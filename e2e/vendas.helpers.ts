import type { Page } from '@playwright/test';
import { completeFirstRun, expect, rpc } from './fixtures';

const PRODUCTS = [
  { external_id: 'TEN-42', name: 'Tênis Corrida', unit_price: 29990 },
  { external_id: 'MEIA-M', name: 'Meia Esportiva', unit_price: 1990 },
  { external_id: 'CAD-01', name: 'Cadarço Colorido', unit_price: 890 },
];

interface SaleSpec {
  items: { sku: string; qty: number }[];
  payments: { method: string; amount: number }[];
  customer?: string;
  salesperson?: string;
  /** Imported through sales.apply, which may leave a balance open (the counter refuses that). */
  open?: boolean;
}

/** First run through the UI, then a catalog with 10 of each product in stock and an open caixa. */
export async function setUpStore(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page);
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  for (const p of PRODUCTS) {
    await rpc(page, url, 'catalog.upsertProduct', { ...p, category: 'Calçados', kind: 'goods' });
    await rpc(page, url, 'stock.receive', { sku: p.external_id, qty: 10 });
  }
  await rpc(page, url, 'cash.open', { opening_float_cents: 10000 });
}

let saleSeq = 0;

export async function registerSale(page: Page, url: string, sale: SaleSpec): Promise<string> {
  const externalId = `E2E-${++saleSeq}-${Date.now()}`;
  const data = {
    external_id: externalId,
    items: sale.items.map((i) => ({ variant_external_id: i.sku, qty: i.qty })),
    payments: sale.payments,
    ...(sale.customer ? { customer_external_id: sale.customer } : {}),
    ...(sale.salesperson ? { salesperson_external_id: sale.salesperson } : {}),
  };
  if (sale.open) await rpc(page, url, 'sales.apply', { action: 'register_sale', transaction_data: data });
  else await rpc(page, url, 'sales.register', data);
  return externalId;
}

export async function stockOf(page: Page, url: string, sku: string): Promise<number> {
  const value = await rpc<{ stock_milli: number }>(page, url, 'stock.get', { sku });
  return value.stock_milli / 1000;
}

export async function openVendas(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Vendas' }).click();
  await expect(page.getByRole('heading', { name: 'Vendas', level: 1 })).toBeVisible();
}

export const salesTable = (page: Page) => page.getByRole('table', { name: 'Vendas' });
export const saleRow = (page: Page, number: RegExp) => salesTable(page).getByRole('row', { name: number });
export const detail = (page: Page) => page.getByRole('complementary', { name: 'Detalhe da venda' });
