import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { booking, openClinic, type Clinic } from './scheduling.fixtures';
import { reminderText, whatsappLink } from './reminders';

const MON = '2026-12-07';
const at = (hm: string) => `${MON}T${hm}:00-03:00`;

function realize(c: Clinic, id: string) {
  for (const status of ['confirmado', 'em_atendimento', 'realizado'])
    c.applyOk('update_appointment', { external_id: id, status });
}

describe('checkout', () => {
  it('turns a realizado appointment into one sale with the professional as salesperson, only once', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T14:00:00Z');
    c.applyOk('upsert_salesperson', {
      external_id: 'V-ANA',
      name: 'Dra. Ana',
      location_external_id: 'CL01',
      commission_rate: 10,
    });
    c.applyOk('upsert_professional', {
      external_id: 'ANA',
      name: 'Dra. Ana',
      salesperson_external_id: 'V-ANA',
      procedures: ['LIMPEZA'],
      working_hours: [{ weekday: 1, start: '09:00', end: '18:00' }],
    });
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    const early = c.app.dispatch('agenda.checkout', { external_id: 'A1', method: 'pix' }, c.cli);
    expect(early.ok ? '' : early.error.code).toBe('not_realized');
    realize(c, 'A1');
    const { sale, appointment } = expectOk(
      c.app.dispatch('agenda.checkout', { external_id: 'A1', method: 'pix' }, c.cli),
    );
    expect(sale).toMatchObject({ total_cents: 15_000, commission_cents: 1_500, status: 'completa' });
    expect(appointment.sale_id).toBe(sale.sale_id);
    const row = c.app.db.raw
      .prepare(
        `SELECT s2.external_id, c.external_id AS customer FROM sales s JOIN salespeople s2 ON s2.id = s.salesperson_id JOIN customers c ON c.id = s.customer_id WHERE s.id = ?`,
      )
      .get(sale.sale_id);
    expect(row).toEqual({ external_id: 'V-ANA', customer: 'P1' });
    const again = c.app.dispatch('agenda.checkout', { external_id: 'A1', method: 'pix' }, c.cli);
    expect(again.ok ? '' : again.error.code).toBe('already_checked_out');
    expect(c.app.db.raw.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(1);
  });
});

describe('session packages', () => {
  it('gives sessions when sold, consumes one per realizado, refunds only unused sessions when returned', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T20:00:00Z');
    c.applyOk('upsert_product', {
      external_id: 'PCT-LIMPEZA-3',
      name: 'Pacote 3 × Limpeza',
      category: 'Pacotes',
      kind: 'package',
      unit_price: 30_000,
      package_procedure_external_id: 'LIMPEZA',
      sessions: 3,
    });
    c.applyOk('register_sale', {
      external_id: 'V1',
      customer_external_id: 'P1',
      items: [{ variant_external_id: 'PCT-LIMPEZA-3', qty: 1 }],
      payments: [{ method: 'dinheiro', amount: 30_000 }],
      occurred_at: '2026-12-01T10:00:00-03:00',
    });
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    realize(c, 'A1');
    const customerId = c.app.db.raw
      .prepare(`SELECT id FROM customers WHERE external_id = 'P1'`)
      .pluck()
      .get() as string;
    const view = expectOk(c.app.dispatch('agenda.customer', { customer_id: customerId }, c.cli));
    expect(view.appointments[0]).toMatchObject({ external_id: 'A1', covered_by_package: true });
    expect(view.packages).toMatchObject([{ procedure: 'Limpeza de Pele', total: 3, remaining: 2 }]);
    expect(view.packages[0]?.movements.map((m) => [m.kind, m.sessions])).toEqual([
      ['purchase', 3],
      ['consume', -1],
    ]);
    const paid = c.app.dispatch('agenda.checkout', { external_id: 'A1', method: 'pix' }, c.cli);
    expect(paid.ok ? '' : paid.error.code).toBe('covered_by_package');
    const back = c.applyOk('register_return', {
      reference_external_id: 'V1',
      items: [{ variant_external_id: 'PCT-LIMPEZA-3', qty: 1 }],
      reason: 'Desistiu do pacote',
      condition: 'revenda',
      refund_method: 'dinheiro',
    });
    expect(c.app.db.raw.prepare('SELECT refund_cents FROM returns').pluck().get()).toBe(20_000);
    expect(back).toBeTruthy();
    const after = expectOk(c.app.dispatch('agenda.customer', { customer_id: customerId }, c.cli));
    expect(after.packages).toMatchObject([{ total: 3, remaining: 0 }]);
    // A later realizado of the same procedure is charged normally.
    c.applyOk('book_appointment', booking('A2', at('13:00')));
    realize(c, 'A2');
    expect(
      expectOk(c.app.dispatch('agenda.checkout', { external_id: 'A2', method: 'pix' }, c.cli)).sale.total_cents,
    ).toBe(15_000);
  });

  it('closes the unused sessions when the package sale is cancelled', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T20:00:00Z');
    c.applyOk('upsert_product', {
      external_id: 'PCT',
      name: 'Pacote',
      category: 'Pacotes',
      kind: 'package',
      unit_price: 30_000,
      package_procedure_external_id: 'LIMPEZA',
      sessions: 3,
    });
    c.applyOk('register_sale', {
      external_id: 'V1',
      customer_external_id: 'P1',
      items: [{ variant_external_id: 'PCT', qty: 2 }],
      payments: [{ method: 'dinheiro', amount: 60_000 }],
    });
    c.applyOk('register_cancellation', { reference_external_id: 'V1', reason: 'Venda errada' });
    const customerId = c.app.db.raw
      .prepare(`SELECT id FROM customers WHERE external_id = 'P1'`)
      .pluck()
      .get() as string;
    const view = expectOk(c.app.dispatch('agenda.customer', { customer_id: customerId }, c.cli));
    expect(view.packages.map((p) => [p.total, p.remaining, p.movements.map((m) => m.kind).join(',')])).toEqual([
      [6, 0, 'purchase,cancel'],
    ]);
  });

  it('refuses a package sold without a patient, and package fields on other kinds', async () => {
    const c = await openClinic();
    c.applyOk('upsert_product', {
      external_id: 'PCT',
      name: 'Pacote',
      category: 'Pacotes',
      kind: 'package',
      unit_price: 30_000,
      package_procedure_external_id: 'LIMPEZA',
      sessions: 3,
    });
    const r = c.apply('register_sale', {
      external_id: 'V1',
      items: [{ variant_external_id: 'PCT', qty: 1 }],
      payments: [{ method: 'dinheiro', amount: 30_000 }],
    });
    expect(r.ok ? '' : r.error.code).toBe('customer_required');
    const wrong = c.apply('upsert_product', {
      external_id: 'X',
      name: 'X',
      category: 'X',
      kind: 'service',
      unit_price: 100,
      sessions: 3,
    });
    expect(wrong.ok ? '' : wrong.error.code).toBe('invalid_input');
    const incomplete = c.apply('upsert_product', {
      external_id: 'Y',
      name: 'Y',
      category: 'Y',
      kind: 'package',
      unit_price: 100,
    });
    expect(incomplete.ok ? '' : incomplete.error.code).toBe('invalid_input');
  });
});

describe('reminders', () => {
  it("fills the template with tomorrow's appointments and builds the wa.me link; marks sent", async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-06T15:00:00Z'); // Sunday; tomorrow is Monday
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk('book_appointment', booking('A2', '2026-12-08T09:00:00-03:00', { customer_external_id: 'P2' }));
    // Reminders go only to patients who consented to them (LGPD, app/lgpd/).
    const consent = { purpose: 'lembretes', text_shown: 'Aceito receber lembretes.', channel: 'presencial' };
    expectOk(c.app.dispatch('consents.grant', { customer_external_id: 'P1', ...consent }, c.cli));
    const list = expectOk(c.app.dispatch('agenda.reminders', {}, c.cli));
    expect(list.date).toBe(MON);
    expect(list.reminders).toHaveLength(1);
    const text =
      'Olá, Maria! Lembramos do seu horário de Limpeza de Pele em 07/12/2026 às 09:00 com Dra. Ana. Podemos confirmar?';
    expect(list.reminders[0]).toMatchObject({ external_id: 'A1', phone: '11987654321', text, sent_at: null });
    expect(list.reminders[0]?.link).toBe(`https://wa.me/5511987654321?text=${encodeURIComponent(text)}`);
    expectOk(
      c.app.dispatch(
        'agenda.set_reminder_template',
        { template: '{nome}, {procedimento} {data} {hora} ({profissional})' },
        c.cli,
      ),
    );
    expectOk(c.app.dispatch('agenda.mark_reminder_sent', { external_id: 'A1' }, c.cli));
    const again = expectOk(c.app.dispatch('agenda.reminders', { date: MON }, c.cli));
    expect(again.reminders[0]).toMatchObject({
      text: 'Maria, Limpeza de Pele 07/12/2026 09:00 (Dra. Ana)',
      sent_at: '2026-12-06T15:00:00.000Z',
    });
  });

  it('writes the text and link exactly', () => {
    const text = reminderText('Oi {nome}: {procedimento} {data} {hora} {profissional} {outro}', {
      nome: 'João da Silva',
      procedimento: 'Botox',
      data: '01/12/2026',
      hora: '14:30',
      profissional: 'Dra. Ana',
    });
    expect(text).toBe('Oi João: Botox 01/12/2026 14:30 Dra. Ana {outro}');
    expect(whatsappLink('(21) 99876-5432', 'Olá & até já')).toBe(
      'https://wa.me/5521998765432?text=Ol%C3%A1%20%26%20at%C3%A9%20j%C3%A1',
    );
    expect(whatsappLink('123', 'x')).toBeNull();
    expect(whatsappLink(null, 'x')).toBeNull();
  });
});
