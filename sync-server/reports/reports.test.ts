import { beforeAll, expect, it } from 'vitest';
import { applyOk } from '../../test/sales-fixtures';
import { openTestApp } from '../../test/helpers';
import type { Balcao } from '../../app/balcao';
import { newSession, type Session } from '../../app/contract/context';
import { enrolDevice } from '../../app/sync/sync.enrol';
import { pullUntilUpToDate } from '../../app/sync/sync.pull';
import { pushUntilDone } from '../../app/sync/sync.push';
import { readSyncDevice } from '../../app/sync/sync.state';
import { createEnrolmentCode, createTenant } from '../admin';
import { createApiKey } from '../api/keys';
import type { SyncServer } from '../server';
import { describeEngines, testServer } from '../testing';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
const FROM = '2026-11-01';
const TO = '2026-11-30';

interface Desk {
  app: Balcao;
  session: Session;
  token: string;
  storeId: string;
}

/**
 * A desktop of store `code` with its own salesperson, customer and two products (`prefix`), and
 * a month of sales: paid, one partly returned, one cancelled, one never paid, one open sale
 * discounted later, one in October (the previous period).
 */
async function desktop(server: SyncServer, tenantId: string, code: string, prefix: string): Promise<Desk> {
  const app = await openTestApp();
  const session = newSession();
  const setup = app.dispatch(
    'store.setup',
    { store: { name: `Loja ${code}`, code }, owner: { name: 'Dona', login: 'dona', pin: '1234' } },
    session,
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const act = (action: string, data: Record<string, unknown>) => applyOk(app, session, action, data);
  act('upsert_salesperson', {
    external_id: `${prefix}V`,
    name: `Vendedor ${prefix}`,
    location_external_id: code,
    commission_rate: 5,
  });
  act('update_customer_data', { external_id: `${prefix}C1`, name: `Cliente Um ${prefix}` });
  act('update_customer_data', { external_id: `${prefix}C2`, name: `Cliente Dois ${prefix}` });
  const skus = [`${prefix}-CAMISA`, `${prefix}-CALCA`];
  act('upsert_product', {
    external_id: skus[0],
    name: 'Camisa',
    category: 'Roupas',
    kind: 'goods',
    unit_price: 10000,
    unit_cost: 4000,
  });
  act('upsert_product', {
    external_id: skus[1],
    name: 'Calça',
    category: 'Roupas',
    kind: 'goods',
    unit_price: 20000,
    unit_cost: 5000,
  });
  const sale = (id: string, at: string, extra: Record<string, unknown> = {}) =>
    act('register_sale', {
      external_id: `${prefix}-${id}`,
      customer_external_id: `${prefix}C1`,
      salesperson_external_id: `${prefix}V`,
      occurred_at: at,
      items: [
        { variant_external_id: skus[0], qty: 2 },
        { variant_external_id: skus[1], qty: 1 },
      ],
      payments: [{ method: 'pix', amount: 40000 }],
      ...extra,
    });
  sale('S1', '2026-11-03T10:00:00-03:00');
  sale('S2', '2026-11-10T15:00:00-03:00', {
    customer_external_id: `${prefix}C2`,
    payments: [{ method: 'cartao_credito', amount: 40000, installments: 3 }],
  });
  act('register_return', {
    reference_external_id: `${prefix}-S2`,
    items: [{ variant_external_id: skus[0], qty: 1 }],
    reason: 'Tamanho errado',
    condition: 'revenda',
    refund_method: 'original',
    occurred_at: '2026-11-12T11:00:00-03:00',
  });
  sale('S3', '2026-11-15T12:00:00-03:00');
  act('register_cancellation', {
    reference_external_id: `${prefix}-S3`,
    reason: 'Cliente desistiu',
    occurred_at: '2026-11-16T12:00:00-03:00',
  });
  sale('S4', '2026-11-20T12:00:00-03:00', { payments: [] });
  sale('S5', '2026-11-22T12:00:00-03:00', { payments: [] });
  act('apply_discount', { reference_external_id: `${prefix}-S5`, discount_amount: 3000 });
  act('register_payment', { reference_external_id: `${prefix}-S5`, method: 'pix', amount: 37000 });
  sale('S6', '2026-10-20T12:00:00-03:00', { discount_amount: 2000, payments: [{ method: 'pix', amount: 38000 }] });
  const { enrolment_code } = await createEnrolmentCode(server.central.db, tenantId);
  await enrolDevice(app.db, { server_url: server.url, code: enrolment_code }, clock);
  expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
  const device = readSyncDevice(app.db);
  const storeId = app.db.raw.prepare(`SELECT id FROM stores WHERE code = ?`).pluck().get(code) as string;
  return { app, session, token: device?.token ?? '', storeId };
}

/** The device's own answer (its analytics operation, as the owner). */
function own(desk: Desk, op: string, input: Record<string, unknown>): unknown {
  const result = desk.app.dispatch(op, input, desk.session);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return JSON.parse(JSON.stringify(result.value)) as unknown;
}

async function report(server: SyncServer, credential: string, path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${credential}` } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { result: unknown } };
}

interface KpiShape {
  net_revenue: number;
  purchases: number;
  discounts: number;
  refunds: number;
  by_location: { store_id: string; net_revenue: number; sales: number }[];
}

describeEngines('consolidated reports /v1/reports/*', (engine) => {
  let server: SyncServer;
  let a: Desk;
  let b: Desk;
  beforeAll(async () => {
    server = await testServer(engine);
  }, 120_000);

  /** A tenant with two stores, each on its own desktop (desktops are closed after each test). */
  async function twoStores(): Promise<void> {
    const { tenant_id } = await createTenant(server.central.db, 'Rede Duas Lojas');
    a = await desktop(server, tenant_id, 'LJ01', 'A');
    b = await desktop(server, tenant_id, 'LJ02', 'B');
  }

  it('per store: equal to that store’s desktop; total: the sum of both and equal to a desktop holding all', async () => {
    await twoStores();
    const period = { from: FROM, to: TO };
    const mine: Record<string, { a: unknown; b: unknown }> = {
      kpis: { a: own(a, 'analytics.kpis', period), b: own(b, 'analytics.kpis', period) },
      commissions: { a: own(a, 'analytics.commissions', period), b: own(b, 'analytics.commissions', period) },
      margins: { a: own(a, 'analytics.margins', period), b: own(b, 'analytics.margins', period) },
    };
    for (const [kind, answers] of Object.entries(mine)) {
      const atA = await report(server, a.token, `/v1/reports/${kind}?from=${FROM}&to=${TO}&location=LJ01`);
      expect(atA.status).toBe(200);
      expect(atA.json.location).toEqual({ id: a.storeId, code: 'LJ01', name: 'Loja LJ01' });
      expect(atA.json.result).toEqual(answers.a);
      // Another desktop of the tenant may ask for A's store, by id too.
      const atAById = await report(server, b.token, `/v1/reports/${kind}?from=${FROM}&to=${TO}&location=${a.storeId}`);
      expect(atAById.json.result).toEqual(answers.a);
      const atB = await report(server, a.token, `/v1/reports/${kind}?from=${FROM}&to=${TO}&location=LJ02`);
      expect(atB.json.result).toEqual(answers.b);
    }
    const ka = mine.kpis!.a as KpiShape;
    const kb = mine.kpis!.b as KpiShape;
    expect(ka.net_revenue).toBeGreaterThan(0);
    expect(ka.refunds).toBeGreaterThan(0);
    const all = (await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}`)).json.result as KpiShape;
    expect({
      net_revenue: all.net_revenue,
      purchases: all.purchases,
      discounts: all.discounts,
      refunds: all.refunds,
    }).toEqual({
      net_revenue: ka.net_revenue + kb.net_revenue,
      purchases: ka.purchases + kb.purchases,
      discounts: ka.discounts + kb.discounts,
      refunds: ka.refunds + kb.refunds,
    });
    expect(all.by_location.map((l) => [l.store_id, l.net_revenue, l.sales]).sort()).toEqual(
      [...ka.by_location, ...kb.by_location].map((l) => [l.store_id, l.net_revenue, l.sales]).sort(),
    );
    const commissions = (await report(server, a.token, `/v1/reports/commissions?from=${FROM}&to=${TO}`)).json
      .result as unknown[];
    expect(commissions).toHaveLength(
      (mine.commissions!.a as unknown[]).length + (mine.commissions!.b as unknown[]).length,
    );
    expect(commissions).toEqual(
      expect.arrayContaining([...(mine.commissions!.a as unknown[]), ...(mine.commissions!.b as unknown[])]),
    );

    // A pulls B's store: now one desktop holds all the tenant's data.
    expect((await pullUntilUpToDate(a.app.db, { clock })).stopped).toBe('done');
    const expected: Record<string, unknown> = {
      kpis: own(a, 'analytics.kpis', period),
      commissions: own(a, 'analytics.commissions', period),
      margins: own(a, 'analytics.margins', period),
      rfm: own(a, 'analytics.rfm', { as_of: TO, window_days: 30 }),
    };
    for (const [kind, answer] of Object.entries(expected)) {
      const central = await report(server, b.token, `/v1/reports/${kind}?from=${FROM}&to=${TO}`);
      expect(central.status).toBe(200);
      expect(central.json).toMatchObject({ report: kind, from: FROM, to: TO, location: null });
      expect(central.json.result).toEqual(answer);
    }
    const byProduct = await report(server, a.token, `/v1/reports/margins?from=${FROM}&to=${TO}&by=product`);
    expect(byProduct.json.result).toEqual(own(a, 'analytics.margins', { ...period, by: 'product' }));
  }, 240_000);

  it('answers a new push at once (the replica follows the log) and refuses bad queries in pt-BR', async () => {
    await twoStores();
    const before = (await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}&location=LJ02`)).json
      .result as KpiShape;
    const allBefore = (await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}`)).json.result as KpiShape;
    applyOk(b.app, b.session, 'register_sale', {
      external_id: 'B-S7',
      occurred_at: '2026-11-25T12:00:00-03:00',
      items: [{ variant_external_id: 'B-CAMISA', qty: 1 }],
      payments: [{ method: 'pix', amount: 10000 }],
    });
    expect((await pushUntilDone(b.app.db, { clock })).stopped).toBe('done');
    const after = (await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}&location=LJ02`)).json
      .result as KpiShape;
    expect(after.net_revenue).toBe(before.net_revenue + 10000);
    // All stores: the kept replica replays the new log entries (a sale and its facts).
    const allAfter = (await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}`)).json.result as KpiShape;
    expect(allAfter.net_revenue).toBe(allBefore.net_revenue + 10000);
    expect(allAfter.purchases).toBe(allBefore.purchases + 1);
    const atA = (await report(server, b.token, `/v1/reports/kpis?from=${FROM}&to=${TO}&location=LJ01`)).json
      .result as KpiShape;
    expect(allAfter.net_revenue).toBe(atA.net_revenue + after.net_revenue);
    expect(allAfter.purchases).toBe(atA.purchases + after.purchases);
    expect(allAfter.by_location.find((l) => l.store_id === b.storeId)?.net_revenue).toBe(after.net_revenue);

    const bad = await report(server, a.token, `/v1/reports/kpis?from=2026-11-30&to=2026-11-01`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: { code: 'invalid_request', message: 'to: A data inicial deve ser anterior ou igual à final.' },
    });
    expect((await report(server, a.token, `/v1/reports/kpis?from=2026-02-30&to=2026-03-01`)).status).toBe(400);
    expect((await report(server, a.token, `/v1/reports/lucros?from=${FROM}&to=${TO}`)).json).toEqual({
      error: { code: 'unknown_report', message: 'Relatório desconhecido: use kpis, commissions, margins ou rfm.' },
    });
    expect((await report(server, a.token, `/v1/reports/kpis?from=${FROM}&to=${TO}&location=LJ99`)).json).toEqual({
      error: { code: 'unknown_location', message: 'Loja não encontrada nesta conta.' },
    });
  }, 240_000);

  it('isolation: a token or API key of another tenant never reads this tenant’s reports', async () => {
    await twoStores();
    const other = await createTenant(server.central.db, 'Outra Rede');
    const stranger = await desktop(server, other.tenant_id, 'LJ01', 'X');
    const key = (await createApiKey(server.central.db, other.tenant_id)).api_key;
    for (const credential of [stranger.token, key]) {
      for (const kind of ['kpis', 'commissions', 'margins', 'rfm']) {
        const byId = await report(
          server,
          credential,
          `/v1/reports/${kind}?from=${FROM}&to=${TO}&location=${a.storeId}`,
        );
        expect(byId.status).toBe(404);
      }
      const mine = (await report(server, credential, `/v1/reports/kpis?from=${FROM}&to=${TO}`)).json.result as KpiShape;
      expect(mine.by_location.map((l) => l.store_id)).toEqual([stranger.storeId]);
      expect(mine.net_revenue).toBe((own(stranger, 'analytics.kpis', { from: FROM, to: TO }) as KpiShape).net_revenue);
    }
    expect((await fetch(`${server.url}/v1/reports/kpis?from=${FROM}&to=${TO}`)).status).toBe(401);
    expect((await report(server, 'bst_forged', `/v1/reports/kpis?from=${FROM}&to=${TO}`)).status).toBe(401);
  }, 240_000);
});
