import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { applyOk } from '../../test/sales-fixtures';

describe('conversion', () => {
  it('creates a customer with the extra fields and the origin as acquisition channel; twice is already_converted', async () => {
    const { app, session } = await openSetUpApp();
    const lead = expectOk(
      app.dispatch(
        'leads.upsert',
        { name: 'Conceição Lima', phone: '(31) 99123-4567', email: 'c@x.com', origin: 'indicacao' },
        session,
      ),
    );
    const first = expectOk(
      app.dispatch(
        'leads.convert',
        { lead_id: lead.id, cpf: '529.982.247-25', birth_date: '1990-05-02', address: 'Rua A, 1' },
        session,
      ),
    );
    expect(first.customer_created).toBe(true);
    const customer = expectOk(app.dispatch('customers.get', { customer_id: first.customer_id }, session));
    expect(customer).toMatchObject({
      name: 'Conceição Lima',
      cpf: '52998224725',
      phone: '31991234567',
      email: 'c@x.com',
      birth_date: '1990-05-02',
      acquisition_channel: 'indicacao',
    });
    const second = app.dispatch('leads.convert', { lead_id: lead.id }, session);
    expect(second.ok ? null : second.error).toMatchObject({
      code: 'already_converted',
      message: 'Este lead já foi convertido em cliente.',
    });
    const count = app.db.raw.prepare('SELECT count(*) AS n FROM customers').get();
    expect(count).toEqual({ n: 1 });
    const got = expectOk(app.dispatch('leads.get', { lead_id: lead.id }, session));
    expect(got.history.at(-1)).toMatchObject({ from_stage: 'novo', to_stage: 'convertido', kind: 'convert' });
  });

  it('links to an existing customer found by CPF, then phone, then e-mail, keeping what it has', async () => {
    const { app, session } = await openSetUpApp();
    const byCpf = applyOk(app, session, 'update_customer_data', {
      external_id: 'C1',
      name: 'Cliente CPF',
      cpf: '529.982.247-25',
      acquisition_channel: 'loja',
    });
    const byPhone = applyOk(app, session, 'update_customer_data', {
      external_id: 'C2',
      name: 'Cliente Fone',
      phone: '11 97777-6666',
    });
    const byEmail = applyOk(app, session, 'update_customer_data', {
      external_id: 'C3',
      name: 'Cliente Mail',
      email: 'm@x.com',
    });
    const l1 = expectOk(app.dispatch('leads.upsert', { name: 'L1', origin: 'site' }, session));
    const l2 = expectOk(
      app.dispatch('leads.upsert', { name: 'L2', phone: '+55 11 97777-6666', origin: 'instagram' }, session),
    );
    const l3 = expectOk(app.dispatch('leads.upsert', { name: 'L3', email: 'M@X.com', origin: 'whatsapp' }, session));
    const r1 = expectOk(app.dispatch('leads.convert', { lead_id: l1.id, cpf: '52998224725' }, session));
    const r2 = expectOk(app.dispatch('leads.convert', { lead_id: l2.id }, session));
    const r3 = expectOk(app.dispatch('leads.convert', { lead_id: l3.id }, session));
    expect([r1.customer_id, r2.customer_id, r3.customer_id]).toEqual([
      byCpf.transaction_id,
      byPhone.transaction_id,
      byEmail.transaction_id,
    ]);
    expect([r1.customer_created, r2.customer_created, r3.customer_created]).toEqual([false, false, false]);
    const channels = app.db.raw.prepare('SELECT name, acquisition_channel FROM customers ORDER BY name').all();
    expect(channels).toEqual([
      { name: 'Cliente CPF', acquisition_channel: 'loja' },
      { name: 'Cliente Fone', acquisition_channel: 'instagram' },
      { name: 'Cliente Mail', acquisition_channel: 'whatsapp' },
    ]);
  });

  it('through the unified actions: upsert_lead, move_lead, convert_lead (second time already_converted)', async () => {
    const { app, session } = await openSetUpApp();
    applyOk(app, session, 'update_customer_data', { external_id: 'C9', name: 'Paciente' });
    applyOk(app, session, 'upsert_lead', {
      external_id: 'L-1',
      name: 'Paciente',
      origin: 'Site',
      created_at: '2026-01-10T10:00:00-03:00',
    });
    applyOk(app, session, 'move_lead', { external_id: 'L-1', stage: 'agendado' });
    const done = applyOk(app, session, 'convert_lead', { external_id: 'L-1', customer_external_id: 'C9' });
    expect(done.status).toBe('applied');
    const again = app.dispatch(
      'sales.apply',
      { action: 'convert_lead', transaction_data: { external_id: 'L-1' } },
      session,
    );
    expect(again.ok ? null : again.error.code).toBe('already_converted');
    const lead = app.db.raw.prepare(`SELECT stage, origin, created_at FROM leads WHERE external_id = 'L-1'`).get();
    expect(lead).toEqual({ stage: 'convertido', origin: 'site', created_at: '2026-01-10T13:00:00.000Z' });
  });
});
