import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { booking, openClinic } from '../scheduling/scheduling.fixtures';

const MARKETING = {
  purpose: 'marketing',
  text_shown: 'Aceito receber ofertas por WhatsApp.',
  channel: 'whatsapp',
} as const;
const REMINDERS = {
  purpose: 'lembretes',
  text_shown: 'Aceito receber lembretes de consulta.',
  channel: 'presencial',
} as const;

describe('consent per purpose', () => {
  it('records text, channel and date, answers an active consent again without writing, revokes and keeps the history', async () => {
    const { app } = await openSetUpApp();
    const cli = newSession(true);
    expectOk(app.dispatch('customers.upsert', { external_id: 'C1', name: 'Carla Dias' }, cli));
    const first = expectOk(app.dispatch('consents.grant', { customer_external_id: 'C1', ...MARKETING }, cli));
    expect(first.already).toBe(false);
    expect(first.consent).toMatchObject({
      purpose: 'marketing',
      channel: 'whatsapp',
      text_shown: MARKETING.text_shown,
      revoked_at: null,
    });
    const outbox = () =>
      app.db.raw.prepare("SELECT count(*) FROM sync_outbox WHERE table_name = 'consents'").pluck().get();
    expect(outbox()).toBe(1);
    const again = expectOk(app.dispatch('consents.grant', { customer_external_id: 'C1', ...MARKETING }, cli));
    expect(again).toMatchObject({ already: true, consent: { id: first.consent.id } });
    expect(outbox()).toBe(1);

    expectOk(app.dispatch('consents.revoke', { customer_external_id: 'C1', purpose: 'marketing' }, cli));
    const none = app.dispatch('consents.revoke', { customer_external_id: 'C1', purpose: 'marketing' }, cli);
    expect(none.ok ? 'ok' : none.error).toEqual({
      code: 'consent_not_found',
      message: 'Esta pessoa não tem consentimento ativo para esta finalidade.',
    });
    expectOk(app.dispatch('consents.grant', { customer_external_id: 'C1', ...MARKETING }, cli));
    const list = expectOk(app.dispatch('consents.list', { customer_external_id: 'C1' }, cli));
    expect(list.current).toEqual({ marketing: true, lembretes: false });
    expect(list.history.map((c) => c.revoked_at === null)).toEqual([true, false]);
    const both = app.dispatch('consents.grant', { customer_external_id: 'C1', lead_id: 'x', ...MARKETING }, cli);
    expect(both.ok ? 'ok' : both.error.code).toBe('person_required');
  });

  it('the reminders queue skips patients without a lembretes consent', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-06T15:00:00Z');
    c.applyOk('book_appointment', booking('A1', '2026-12-07T09:00:00-03:00'));
    c.applyOk('book_appointment', booking('A2', '2026-12-07T14:00:00-03:00', { customer_external_id: 'P2' }));
    const before = expectOk(c.app.dispatch('agenda.reminders', {}, c.cli));
    expect(before.reminders).toEqual([]);
    expect(before.skipped_without_consent).toBe(2);
    expectOk(c.app.dispatch('consents.grant', { customer_external_id: 'P2', ...REMINDERS }, c.cli));
    // A marketing consent is not a reminders consent.
    expectOk(c.app.dispatch('consents.grant', { customer_external_id: 'P1', ...MARKETING }, c.cli));
    const after = expectOk(c.app.dispatch('agenda.reminders', {}, c.cli));
    expect(after.reminders.map((r) => r.external_id)).toEqual(['A2']);
    expect(after.skipped_without_consent).toBe(1);
    expectOk(c.app.dispatch('consents.revoke', { customer_external_id: 'P2', purpose: 'lembretes' }, c.cli));
    expect(expectOk(c.app.dispatch('agenda.reminders', {}, c.cli)).reminders).toEqual([]);
  });

  it('marketing exports (leads, the customers list) skip people without a marketing consent', async () => {
    const { app } = await openSetUpApp();
    const cli = newSession(true);
    const lead = (name: string) => expectOk(app.dispatch('leads.upsert', { name, origin: 'instagram' }, cli)).id;
    const withOwn = lead('Lia Consentiu');
    lead('Rui Sem Consentimento');
    const linked = lead('Téo Via Cliente');
    expectOk(app.dispatch('customers.upsert', { external_id: 'C-TEO', name: 'Téo Via Cliente' }, cli));
    const teo = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C-TEO'").pluck().get() as string;
    expectOk(app.dispatch('leads.link', { lead_id: linked, customer_id: teo }, cli));
    expectOk(app.dispatch('consents.grant', { lead_id: withOwn, ...MARKETING }, cli));
    expectOk(app.dispatch('consents.grant', { customer_id: teo, ...MARKETING }, cli));
    expectOk(app.dispatch('customers.upsert', { external_id: 'C-ZE', name: 'Zé Sem Consentimento' }, cli));

    const csv = expectOk(app.dispatch('leads.export', { format: 'csv' }, cli));
    expect(csv.count).toBe(2);
    expect(csv.skipped_without_consent).toBe(1);
    expect(csv.content).toContain('Lia Consentiu');
    expect(csv.content).toContain('Téo Via Cliente');
    expect(csv.content).not.toContain('Rui');

    const all = expectOk(app.dispatch('analytics.customers', {}, cli));
    expect(all.rows.map((r) => r.name)).toEqual(['Téo Via Cliente', 'Zé Sem Consentimento']);
    const marketing = expectOk(app.dispatch('analytics.customers', { marketing_only: true }, cli));
    expect(marketing.total).toBe(1);
    expect(marketing.rows.map((r) => r.name)).toEqual(['Téo Via Cliente']);
  });
});
