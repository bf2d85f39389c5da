import { sql } from 'kysely';
import { beforeAll, expect, it, vi } from 'vitest';
import { applyOk } from '../../test/sales-fixtures';
import { openSetUpApp } from '../../test/helpers';
import type { Balcao } from '../../app/balcao';
import type { Session } from '../../app/contract/context';
import { enrolDevice } from '../../app/sync/sync.enrol';
import { pullUntilUpToDate } from '../../app/sync/sync.pull';
import { pushUntilDone } from '../../app/sync/sync.push';
import { createEnrolmentCode, createTenant } from '../admin';
import { main } from '../cli';
import type { SyncServer } from '../server';
import { describeEngines, seededSyncDataDir, testServer } from '../testing';
import { createApiKey, revokeApiKey } from './keys';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

/** Seed 000's examples, in the API's units (reais). */
const VENDA_001 = {
  action: 'register_sale',
  transaction_data: {
    external_id: 'VENDA-001',
    customer_external_id: 'CLI001',
    salesperson_external_id: 'VEND123',
    channel: 'PHYSICAL_STORE',
    occurred_at: '2025-01-15T14:30:00-03:00',
    items: [
      { variant_external_id: 'VONBX2099AZUL34', qty: 1.0, unit_price: 199.9, discount_amount: 19.99 },
      { variant_external_id: 'VONBX2099AZUL36', qty: 1.0, unit_price: '199.90', discount_amount: '19.99' },
    ],
  },
  metadata: { system_source: 'E-commerce', timestamp: '2025-01-15T14:30:00-03:00' },
};
const PAG_VENDA_001 = {
  action: 'register_payment',
  transaction_data: {
    external_id: 'PAG-VENDA-001',
    reference_external_id: 'VENDA-001',
    method: 'cartao_credito',
    amount: 359.82,
    installments: 3,
    card_brand: 'VISA',
    authorization_code: 'AUTH123456',
    fee_amount: 10.79,
    occurred_at: '2025-01-15T14:31:00-03:00',
  },
};
const NFE_2025_001 = {
  action: 'register_fiscal_data',
  transaction_data: {
    external_id: 'NFE-2025-001',
    reference_external_id: 'VENDA-001',
    doc_type: 'NFE',
    fiscal_number: '000001',
    serie: '001',
    cfop: '5102',
    // The seed's key ends in 1, which fails the mod-11 check digit: its 43 digits with theirs (6).
    nfe_key: '25250112345678000195550010000000011000000006',
    issue_date: '2025-01-15T15:00:00Z',
    taxes: { icms: 25.2, pis: 2.34, cofins: 10.78, total: 38.32 },
  },
};

interface Answer {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
}

async function call(server: SyncServer, method: string, path: string, key: string | null, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer['json'] };
}

/** A desktop (store LJ01) with seed 000's catalog, customer and salesperson, enrolled and pushed. */
async function seedDesktop(server: SyncServer, tenantId: string): Promise<{ app: Balcao; session: Session }> {
  const desk = await openSetUpApp();
  applyOk(desk.app, desk.session, 'upsert_salesperson', {
    external_id: 'VEND123',
    name: 'Maria Oliveira Santos',
    location_external_id: 'LJ01',
    commission_rate: 3.5,
  });
  applyOk(desk.app, desk.session, 'update_customer_data', { external_id: 'CLI001', name: 'João Silva Santos' });
  for (const size of ['34', '36']) {
    applyOk(desk.app, desk.session, 'upsert_product', {
      external_id: `VONBX2099AZUL${size}`,
      name: `Tênis Casual Azul ${size}`,
      category: 'Tênis',
      kind: 'goods',
      unit_price: 19990,
      unit_cost: 11255,
      size,
      color: 'Azul',
    });
  }
  const { enrolment_code } = await createEnrolmentCode(server.central.db, tenantId);
  await enrolDevice(desk.app.db, { server_url: server.url, code: enrolment_code }, clock);
  expect((await pushUntilDone(desk.app.db, { clock })).stopped).toBe('done');
  return desk;
}

async function centralCount(server: SyncServer, text: string): Promise<number> {
  const { rows } = await sql.raw<{ n: number }>(text).execute(server.central.db);
  return Number(rows[0]?.n ?? 0);
}

describeEngines('external sales API over HTTP', (engine) => {
  let server: SyncServer;
  let tenantId: string;
  let key: string;
  let desk: { app: Balcao; session: Session };
  beforeAll(async () => {
    server = await testServer(engine);
    tenantId = (await createTenant(server.central.db, 'Rede Seed')).tenant_id;
    desk = await seedDesktop(server, tenantId);
    key = (await createApiKey(server.central.db, tenantId)).api_key;
  }, 180_000);

  it('registers seed 000 (VENDA-001 at 359.82, 3 installments, NF-e) once, reads it back in reais', async () => {
    const sale = await call(server, 'POST', '/api/v1/sales', key, VENDA_001);
    expect(sale.status).toBe(200);
    expect(sale.json).toMatchObject({ external_id: 'VENDA-001', action: 'register_sale', status: 'applied' });
    expect(sale.json.result).toMatchObject({ total: 359.82, net: 359.82 });
    const again = await call(server, 'POST', '/api/v1/sales', key, VENDA_001);
    expect(again.json).toMatchObject({ status: 'duplicate', transaction_id: sale.json.transaction_id });
    expect(await centralCount(server, `SELECT count(*) AS n FROM sales WHERE external_id = 'VENDA-001'`)).toBe(1);

    const paid = await call(server, 'POST', '/api/v1/sales', key, PAG_VENDA_001);
    expect(paid.status).toBe(200);
    const fiscal = await call(server, 'POST', '/api/v1/sales', key, NFE_2025_001);
    expect(fiscal.json.error).toBeUndefined();
    expect(fiscal.status).toBe(200);

    const read = await call(server, 'GET', '/api/v1/sales?external_id=VENDA-001&include_analytics=true', key);
    expect(read.status).toBe(200);
    const [found] = read.json.sales as Record<string, unknown>[];
    expect(found).toMatchObject({
      external_id: 'VENDA-001',
      status: 'completa',
      total: 359.82,
      paid: 359.82,
      customer_external_id: 'CLI001',
      salesperson_external_id: 'VEND123',
      payments: [{ method: 'cartao_credito', amount: 359.82, installments: 3 }],
      fiscal_documents: [{ nfe_key: NFE_2025_001.transaction_data.nfe_key, icms: 25.2, total_tax: 38.32 }],
      analytics: { margin: 134.72, commission: 12.6, customer_segment: expect.any(String) },
    });
    expect(found?.items).toEqual([
      expect.objectContaining({ sku: 'VONBX2099AZUL34', qty: 1, unit_price: 199.9, net: 179.91 }),
      expect.objectContaining({ sku: 'VONBX2099AZUL36', qty: 1, unit_price: 199.9, net: 179.91 }),
    ]);
    // Filters by customer, salesperson and dates (the store's days).
    for (const query of [
      'customer_external_id=CLI001',
      'salesperson_id=VEND123&date_from=2025-01-15&date_to=2025-01-15',
    ]) {
      const list = await call(server, 'GET', `/api/v1/sales?${query}`, key);
      expect((list.json.sales as { external_id: string }[]).map((s) => s.external_id)).toEqual(['VENDA-001']);
    }
    const none = await call(server, 'GET', '/api/v1/sales?date_from=2025-01-16', key);
    expect(none.json.sales).toEqual([]);

    // A product the desktop adds later reaches the API's kept replica (its log is replayed).
    applyOk(desk.app, desk.session, 'upsert_product', {
      external_id: 'VONBX2099AZUL38',
      name: 'Tênis Casual Azul 38',
      category: 'Tênis',
      kind: 'goods',
      unit_price: 21990,
      unit_cost: 11255,
    });
    expect((await pushUntilDone(desk.app.db, { clock })).stopped).toBe('done');
    const later = await call(server, 'POST', '/api/v1/sales', key, {
      action: 'register_sale',
      transaction_data: {
        external_id: 'VENDA-002',
        occurred_at: '2025-01-16T10:00:00-03:00',
        items: [{ variant_external_id: 'VONBX2099AZUL38', qty: 2 }],
        payments: [{ method: 'pix', amount: '439.80' }],
      },
    });
    expect(later.json).toMatchObject({ status: 'applied', result: { total: 439.8, paid: 439.8 } });

    // The desktop gets the sales through the read path like any other change.
    expect((await pullUntilUpToDate(desk.app.db, { clock })).stopped).toBe('done');
    const onDesk = desk.app.db.raw
      .prepare(
        `SELECT st.status, st.total_cents, st.paid_cents FROM sales s JOIN sale_state st ON st.sale_id = s.id
         WHERE s.external_id = 'VENDA-001'`,
      )
      .get();
    expect(onDesk).toEqual({ status: 'completa', total_cents: 35982, paid_cents: 35982 });
  }, 120_000);

  it('refuses bad input with a pt-BR message and changes nothing', async () => {
    const before = await centralCount(server, 'SELECT count(*) AS n FROM sales');
    const threeDecimals = await call(server, 'POST', '/api/v1/sales', key, {
      ...VENDA_001,
      transaction_data: {
        ...VENDA_001.transaction_data,
        external_id: 'VENDA-X1',
        items: [{ variant_external_id: 'VONBX2099AZUL34', qty: 1, unit_price: 199.901 }],
      },
    });
    expect(threeDecimals.status).toBe(400);
    expect(threeDecimals.json.error).toEqual({
      code: 'invalid_amount',
      message: expect.stringMatching(/duas casas decimais/),
    });
    const unknownVariant = await call(server, 'POST', '/api/v1/sales', key, {
      ...VENDA_001,
      transaction_data: {
        ...VENDA_001.transaction_data,
        external_id: 'VENDA-X2',
        items: [{ variant_external_id: 'NAO-EXISTE', qty: 1 }],
      },
    });
    expect(unknownVariant.status).toBeGreaterThanOrEqual(400);
    expect(unknownVariant.status).toBeLessThan(500);
    expect(unknownVariant.json.error?.message).toMatch(/[ãçéíóúâê]|Produto|produto/);
    const unknownAction = await call(server, 'POST', '/api/v1/sales', key, {
      action: 'drop_tables',
      transaction_data: {},
    });
    expect(unknownAction.json.error).toEqual({ code: 'invalid_request', message: 'action: Ação desconhecida.' });
    const noItems = await call(server, 'POST', '/api/v1/sales', key, {
      action: 'register_sale',
      transaction_data: { external_id: 'VENDA-X3', items: [] },
    });
    expect(noItems.status).toBe(400);
    expect(noItems.json.error).toEqual({ code: 'invalid_input', message: expect.stringMatching(/ao menos um item/) });
    const notJson = await fetch(`${server.url}/api/v1/sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: '{"action":',
    });
    expect(notJson.status).toBe(400);
    const badQuery = await call(server, 'GET', '/api/v1/sales?date_from=15/01/2025', key);
    expect(badQuery.status).toBe(400);
    expect(await centralCount(server, 'SELECT count(*) AS n FROM sales')).toBe(before);
  }, 60_000);

  it('needs a live key of the tenant: none, unknown, revoked and another tenant’s are refused', async () => {
    expect((await call(server, 'GET', '/api/v1/sales', null)).status).toBe(401);
    expect((await call(server, 'GET', '/api/v1/sales', 'bsk_nope')).status).toBe(401);
    const spare = await createApiKey(server.central.db, tenantId);
    expect((await call(server, 'GET', '/api/v1/sales', spare.api_key)).status).toBe(200);
    expect(await revokeApiKey(server.central.db, spare.key_id)).toEqual({ revoked: 1 });
    const revoked = await call(server, 'POST', '/api/v1/sales', spare.api_key, VENDA_001);
    expect(revoked).toMatchObject({ status: 401, json: { error: { code: 'api_key_revoked' } } });

    const other = await createTenant(server.central.db, 'Outra Rede');
    await seedDesktop(server, other.tenant_id);
    const otherKey = (await createApiKey(server.central.db, other.tenant_id)).api_key;
    const read = await call(server, 'GET', '/api/v1/sales?external_id=VENDA-001', otherKey);
    expect(read.json.sales).toEqual([]);
    const pay = await call(server, 'POST', '/api/v1/sales', otherKey, {
      ...PAG_VENDA_001,
      transaction_data: { ...PAG_VENDA_001.transaction_data, external_id: 'PAG-X' },
    });
    expect(pay.status).toBe(404);
    expect(await centralCount(server, `SELECT count(*) AS n FROM payments WHERE external_id = 'PAG-X'`)).toBe(0);
    // A device token is not an API key.
    expect((await call(server, 'GET', '/api/v1/sales', 'bst_token')).status).toBe(401);
  }, 120_000);

  it('`api-key --tenant ID --json` prints { api_key, key_id } once; `api-key --revoke KEY_ID` ends it', async () => {
    if (engine !== 'pglite') return;
    const env = { ...process.env, SYNC_DATA_DIR: await seededSyncDataDir(), DATABASE_URL: '' };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['create-tenant', '--name', 'Rede CLI', '--json'], env)).toBe(0);
      const tenant = JSON.parse(String(log.mock.calls.at(-1)?.[0])) as { tenant_id: string };
      expect(await main(['api-key', '--tenant', tenant.tenant_id, '--json'], env)).toBe(0);
      const made = JSON.parse(String(log.mock.calls.at(-1)?.[0])) as { api_key: string; key_id: string };
      expect(made.api_key).toMatch(/^bsk_[A-Za-z0-9_-]{43}$/);
      expect(await main(['api-key', '--revoke', made.key_id, '--json'], env)).toBe(0);
      expect(JSON.parse(String(log.mock.calls.at(-1)?.[0]))).toEqual({ revoked: 1 });
      expect(await main(['api-key', '--tenant', 'nope', '--json'], env)).toBe(1);
    } finally {
      log.mockRestore();
    }
  }, 120_000);
});
