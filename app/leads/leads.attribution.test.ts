import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog } from '../../test/sales-fixtures';

/**
 * The hand-computed fixture (period 2026-11-01..2026-11-30, America/Sao_Paulo):
 *   instagram: L1 (→ agendado → converted to C01), L2 (contatado → perdido), L3 (novo)
 *   site:      L4 (novo → agendado, skipping, → perdido); L5 created in October, converted to C02
 *   whatsapp:  L6 created 2026-11-30 23:00 local (02:00 UTC on Dec 1st): inside the period
 * Sales:
 *   C01: S-1 2026-11-15 tênis 299,90 (counts); S-2 2026-11-16 3 meias 59,70, one returned
 *        (net 39,80, parcialmente_reembolsada); S-3 2026-12-02 299,90 (after the period)
 *   C02: S-4 2026-11-20 limpeza de pele 150,00 (counts); S-5 2026-11-21 meia 19,90 half paid (not a purchase)
 * instagram: leads 3, contacted 2, scheduled 1, converted 1, rate 1/3 = 0.3333,
 *            revenue 29990 + 3980 = 33970, per lead 33970 / 3 = 11323.33 → 11323
 * site:      leads 1 (L5 is October's), contacted 1, scheduled 1, converted 0, rate 0,
 *            revenue 15000 (C02 came from site), per lead 15000
 * whatsapp:  leads 1, all else 0.
 */
async function fixture() {
  const { app, session } = await openStoreWithCatalog();
  applyOk(app, session, 'update_customer_data', { external_id: 'C02', name: 'Rita Site' });
  const lead = (external_id: string, origin: string, created_at: string) =>
    applyOk(app, session, 'upsert_lead', { external_id, name: `Lead ${external_id}`, origin, created_at });
  const move = (external_id: string, stage: string, reason?: string) =>
    applyOk(app, session, 'move_lead', { external_id, stage, ...(reason ? { reason } : {}) });
  lead('L1', 'instagram', '2026-11-03T10:00:00-03:00');
  lead('L2', 'instagram', '2026-11-05T10:00:00-03:00');
  lead('L3', 'instagram', '2026-11-10T10:00:00-03:00');
  lead('L4', 'site', '2026-11-12T10:00:00-03:00');
  lead('L5', 'site', '2026-10-20T10:00:00-03:00');
  lead('L6', 'whatsapp', '2026-11-30T23:00:00-03:00');
  move('L1', 'contatado');
  move('L1', 'interessado');
  move('L1', 'agendado');
  applyOk(app, session, 'convert_lead', { external_id: 'L1', customer_external_id: 'C01' });
  move('L2', 'contatado');
  move('L2', 'perdido', 'Achou caro');
  move('L4', 'agendado');
  move('L4', 'perdido', 'Desistiu');
  applyOk(app, session, 'convert_lead', { external_id: 'L5', customer_external_id: 'C02' });
  const sale = (
    external_id: string,
    customer: string,
    at: string,
    items: { variant_external_id: string; qty: number }[],
    pay: number,
  ) =>
    applyOk(app, session, 'register_sale', {
      external_id,
      customer_external_id: customer,
      location_external_id: 'LJ01',
      channel: 'LOJA',
      occurred_at: at,
      items,
      payments: [{ method: 'pix', amount: pay }],
    });
  sale('S-1', 'C01', '2026-11-15T15:00:00-03:00', [{ variant_external_id: 'TEN-AZ-38', qty: 1 }], 29990);
  sale('S-2', 'C01', '2026-11-16T15:00:00-03:00', [{ variant_external_id: 'MEIA-01', qty: 3 }], 5970);
  applyOk(app, session, 'register_return', {
    reference_external_id: 'S-2',
    items: [{ variant_external_id: 'MEIA-01', qty: 1 }],
    reason: 'Tamanho errado',
    condition: 'revenda',
    refund_method: 'dinheiro',
    occurred_at: '2026-11-17T10:00:00-03:00',
  });
  sale('S-3', 'C01', '2026-12-02T15:00:00-03:00', [{ variant_external_id: 'TEN-AZ-38', qty: 1 }], 29990);
  sale('S-4', 'C02', '2026-11-20T15:00:00-03:00', [{ variant_external_id: 'LIMP-PELE', qty: 1 }], 15000);
  // Half paid: aguardando_pagamento is not a purchase.
  sale('S-5', 'C02', '2026-11-21T15:00:00-03:00', [{ variant_external_id: 'MEIA-01', qty: 1 }], 1000);
  return { app, session };
}

const zero = { leads: 0, contacted: 0, scheduled: 0, converted: 0, conversion_rate: 0, revenue: 0 };

describe('attribution', () => {
  it('counts the period cohort per origin and the net revenue of customers converted from it', async () => {
    const { app, session } = await fixture();
    const rows = expectOk(app.dispatch('leads.attribution', { from: '2026-11-01', to: '2026-11-30' }, session));
    const byOrigin = Object.fromEntries(rows.map(({ origin, label: _l, ...rest }) => [origin, rest]));
    expect(byOrigin).toEqual({
      instagram: {
        leads: 3,
        contacted: 2,
        scheduled: 1,
        converted: 1,
        conversion_rate: 0.3333,
        revenue: 33970,
        revenue_per_lead: 11323,
      },
      site: {
        leads: 1,
        contacted: 1,
        scheduled: 1,
        converted: 0,
        conversion_rate: 0,
        revenue: 15000,
        revenue_per_lead: 15000,
      },
      whatsapp: { ...zero, leads: 1, revenue_per_lead: 0 },
      indicacao: { ...zero, revenue_per_lead: 0 },
      manual: { ...zero, revenue_per_lead: 0 },
      wasender: { ...zero, revenue_per_lead: 0 },
      wacrm: { ...zero, revenue_per_lead: 0 },
    });

    const out: string[] = [];
    const code = await runCli(
      ['attribution', '--db', app.db.raw.name, '--from', '2026-11-01', '--to', '2026-11-30', '--json'],
      { out: (t) => out.push(t), err: (t) => out.push(t) },
    );
    expect(code).toBe(0);
    expect((JSON.parse(out.join('')) as unknown[]).slice(0, 2)).toEqual([
      {
        origin: 'instagram',
        leads: 3,
        contacted: 2,
        scheduled: 1,
        converted: 1,
        conversion_rate: 0.3333,
        revenue: 33970,
      },
      { origin: 'whatsapp', ...zero, leads: 1 },
    ]);
  });
});
