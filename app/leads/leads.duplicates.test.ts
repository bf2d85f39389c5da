import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { applyOk } from '../../test/sales-fixtures';

describe('duplicates, link and merge', () => {
  it('flags a lead matching an open lead by phone or e-mail (any case) and a customer', async () => {
    const { app, session } = await openSetUpApp();
    applyOk(app, session, 'update_customer_data', {
      external_id: 'C1',
      name: 'Maria Cliente',
      phone: '(21) 99876-5432',
    });
    const a = expectOk(
      app.dispatch('leads.upsert', { name: 'Joana', email: 'Joana@Exemplo.com.br', origin: 'site' }, session),
    );
    const b = expectOk(
      app.dispatch(
        'leads.upsert',
        { name: 'Joana S.', email: 'JOANA@exemplo.COM.br', phone: '21 99876-5432', origin: 'instagram' },
        session,
      ),
    );
    expect(b.duplicates.leads).toEqual([{ id: a.id, name: 'Joana', stage: 'novo', by: 'email' }]);
    expect(b.duplicates.customers.map((c) => [c.name, c.by])).toEqual([['Maria Cliente', 'phone']]);
    // A lost lead is not open: no longer a duplicate.
    expectOk(app.dispatch('leads.move', { lead_id: a.id, stage: 'perdido', reason: 'Sumiu' }, session));
    const c = expectOk(
      app.dispatch('leads.upsert', { name: 'Joana 3', email: 'joana@exemplo.com.br', origin: 'site' }, session),
    );
    expect(c.duplicates.leads.map((l) => l.id)).toEqual([b.id]);
  });

  it('links a lead to the customer it duplicates, and conversion then uses that customer', async () => {
    const { app, session } = await openSetUpApp();
    const customer = applyOk(app, session, 'update_customer_data', {
      external_id: 'C1',
      name: 'Maria',
      phone: '11 98888-7777',
    });
    const lead = expectOk(
      app.dispatch('leads.upsert', { name: 'Maria', phone: '11988887777', origin: 'whatsapp' }, session),
    );
    expectOk(app.dispatch('leads.link', { lead_id: lead.id, customer_id: customer.transaction_id }, session));
    const converted = expectOk(app.dispatch('leads.convert', { lead_id: lead.id }, session));
    expect(converted).toMatchObject({ customer_id: customer.transaction_id, customer_created: false });
  });

  it('merges two leads keeping both activities and both histories, filling what the target lacks', async () => {
    const { app, session } = await openSetUpApp();
    const a = expectOk(
      app.dispatch('leads.upsert', { name: 'Ana A', phone: '11987650001', origin: 'site', tags: ['vip'] }, session),
    );
    const b = expectOk(
      app.dispatch(
        'leads.upsert',
        { name: 'Ana B', email: 'ana@x.com', origin: 'instagram', tags: ['botox', 'vip'] },
        session,
      ),
    );
    expectOk(app.dispatch('leads.addActivity', { lead_id: a.id, kind: 'call', body: 'Ligação 1' }, session));
    expectOk(app.dispatch('leads.addActivity', { lead_id: b.id, kind: 'note', body: 'Nota do B' }, session));
    expectOk(app.dispatch('leads.move', { lead_id: b.id, stage: 'contatado' }, session));
    expectOk(app.dispatch('leads.merge', { lead_id: b.id, into_lead_id: a.id }, session));
    const merged = expectOk(app.dispatch('leads.get', { lead_id: a.id }, session));
    expect(merged).toMatchObject({
      name: 'Ana A',
      phone: '+5511987650001',
      email: 'ana@x.com',
      tags: ['vip', 'botox'],
    });
    expect(merged.activities.map((x) => x.body)).toEqual(['Ligação 1', 'Nota do B']);
    expect(merged.history.map((h) => [h.lead_id, h.kind, h.to_stage])).toEqual([
      [b.id, 'move', 'contatado'],
      [b.id, 'merge', 'contatado'],
    ]);
    expect(merged.merged_leads).toEqual([b.id]);
    const list = expectOk(app.dispatch('leads.list', {}, session));
    expect(list.leads.map((l) => l.id)).toEqual([a.id]);
    const again = app.dispatch('leads.merge', { lead_id: b.id, into_lead_id: a.id }, session);
    expect(again.ok ? null : again.error.code).toBe('lead_merged');
  });
});
