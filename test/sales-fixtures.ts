import type { Balcao } from '../app/balcao';
import type { Session } from '../app/contract/context';
import { openSetUpApp, expectOk } from './helpers';

export const NOW = '2026-11-20T14:00:00-03:00';

export function apply(app: Balcao, session: Session, action: string, transaction_data: Record<string, unknown>) {
  return app.dispatch('sales.apply', { action, transaction_data, metadata: { system_source: 'test' } }, session);
}

export function applyOk(app: Balcao, session: Session, action: string, data: Record<string, unknown>) {
  return expectOk(apply(app, session, action, data));
}

/** A store with a salesperson (3.5%), a customer and three products, through the actions. */
export async function openStoreWithCatalog() {
  const { app, session } = await openSetUpApp();
  applyOk(app, session, 'upsert_salesperson', {
    external_id: 'V01',
    name: 'Carla',
    location_external_id: 'LJ01',
    commission_rate: 3.5,
  });
  applyOk(app, session, 'update_customer_data', {
    external_id: 'C01',
    name: 'Maria Silva',
    cpf: '529.982.247-25',
    phone: '11987654321',
  });
  applyOk(app, session, 'upsert_product', {
    external_id: 'TEN-AZ-38',
    name: 'Tênis Corrida Azul',
    category: 'Calçados',
    kind: 'goods',
    unit_price: 29990,
    unit_cost: 12000,
    barcodes: ['7891234567895'],
    size: '38',
    color: 'Azul',
  });
  applyOk(app, session, 'upsert_product', {
    external_id: 'MEIA-01',
    name: 'Meia Esportiva',
    category: 'Acessórios',
    kind: 'goods',
    unit_price: 1990,
    unit_cost: 500,
  });
  applyOk(app, session, 'upsert_product', {
    external_id: 'LIMP-PELE',
    name: 'Limpeza de Pele',
    category: 'Estética',
    kind: 'service',
    unit_price: 15000,
    unit_cost: 3000,
    duration_minutes: 60,
  });
  return { app, session };
}

export function saleData(overrides: Record<string, unknown> = {}) {
  return {
    external_id: 'S-1',
    customer_external_id: 'C01',
    salesperson_external_id: 'V01',
    location_external_id: 'LJ01',
    channel: 'ECOMMERCE',
    occurred_at: NOW,
    items: [
      { variant_external_id: 'TEN-AZ-38', qty: 1 },
      { variant_external_id: 'MEIA-01', qty: 3 },
    ],
    discount_amount: 1000,
    payments: [{ method: 'pix', amount: 34960 }],
    ...overrides,
  };
}

export function stockMilli(app: Balcao, sku: string): number {
  const row = app.db.raw
    .prepare(
      'SELECT coalesce(sum(m.qty_milli), 0) AS q FROM stock_movements m JOIN variants v ON v.id = m.variant_id WHERE v.external_id = ?',
    )
    .get(sku) as { q: number };
  return row.q;
}
