import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk } from '../../test/helpers';
import { sessionAs } from '../catalog/catalog.fixtures';
import { booking, openClinic } from './scheduling.fixtures';

// 2026-12-07 is a Monday; hours 09:00–12:00 and 13:00–18:00 in São Paulo (−03:00).
const MON = '2026-12-07';
const at = (hm: string) => `${MON}T${hm}:00-03:00`;

function refused(c: Awaited<ReturnType<typeof openClinic>>, data: Record<string, unknown>, code: string) {
  const before = dumpContent(c.app.db);
  const result = c.apply('book_appointment', data);
  if (result.ok) throw new Error(`expected ${code}, booked`);
  expect(result.error.code).toBe(code);
  expect(dumpContent(c.app.db)).toEqual(before);
  return result.error;
}

describe('the booking rule', () => {
  it('books a free slot: end = start + duration, held until end + buffer, pendente, history kept', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    const [a] = expectOk(c.app.dispatch('agenda.list', { from: MON }, c.cli));
    expect(a).toMatchObject({
      external_id: 'A1',
      status: 'pendente',
      start: '2026-12-07T09:00:00-03:00',
      end: '2026-12-07T10:00:00-03:00',
      busy_until: '2026-12-07T10:15:00-03:00',
      patient: 'Maria Souza',
      professional: 'Dra. Ana',
      procedure: 'Limpeza de Pele',
      price_cents: 15_000,
    });
    const history = expectOk(c.app.dispatch('agenda.history', { external_id: 'A1' }, c.cli));
    expect(history).toMatchObject([{ kind: 'created', to_status: 'pendente', override_codes: [] }]);
  });

  it('refuses the same professional at an overlapping time, naming the booking', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    const error = refused(c, booking('A2', at('09:30'), { customer_external_id: 'P2' }), 'schedule_conflict');
    expect(error.details).toMatchObject({ appointment_external_id: 'A1', patient: 'Maria Souza' });
    expect(error.message).toBe(
      'Horário ocupado: conflita com o agendamento de Maria Souza (Limpeza de Pele) às 09:00 — Dra. Ana.',
    );
  });

  it("refuses inside the previous booking's buffer and accepts right after it (half-open)", async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    refused(c, booking('A2', at('10:00')), 'schedule_conflict');
    refused(c, booking('A2', at('10:14')), 'schedule_conflict');
    c.applyOk('book_appointment', booking('A2', at('10:15')));
  });

  it('refuses a booking whose own buffer runs into the next booking', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('11:00'), { procedure_external_id: 'LASER-FACIAL' }));
    // 09:50–10:50 + 15 min buffer = 11:05 > 11:00.
    refused(c, booking('A2', at('09:50')), 'schedule_conflict');
    c.applyOk('book_appointment', booking('A2', at('09:45')));
  });

  it('refuses another professional using the same resource', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('14:00'), { procedure_external_id: 'LASER-FACIAL' }));
    const error = refused(
      c,
      booking('A2', at('14:15'), {
        procedure_external_id: 'LASER-FACIAL',
        professional_external_id: 'JOAO',
        customer_external_id: 'P2',
      }),
      'schedule_conflict',
    );
    expect(error.details).toMatchObject({ appointment_external_id: 'A1' });
    c.applyOk(
      'book_appointment',
      booking('A3', at('14:15'), { professional_external_id: 'JOAO', customer_external_id: 'P2' }),
    );
  });

  it('refuses across the lunch break and outside the day', async () => {
    const c = await openClinic();
    refused(c, booking('A1', at('11:30')), 'outside_working_hours');
    refused(c, booking('A1', at('08:30')), 'outside_working_hours');
    refused(c, booking('A1', at('17:30')), 'outside_working_hours');
    refused(c, booking('A1', '2026-12-06T10:00:00-03:00'), 'outside_working_hours'); // Sunday
    c.applyOk('book_appointment', booking('A1', at('11:00')));
    c.applyOk('book_appointment', booking('A2', at('17:00'), { customer_external_id: 'P2' }));
  });

  it('follows exceptions: a day off, and different hours on one date', async () => {
    const c = await openClinic();
    c.applyOk('add_schedule_exception', { professional_external_id: 'ANA', date: MON, intervals: [] });
    refused(c, booking('A1', at('09:00')), 'outside_working_hours');
    c.applyOk('add_schedule_exception', {
      professional_external_id: 'ANA',
      date: MON,
      intervals: [{ start: '19:00', end: '21:00' }],
    });
    refused(c, booking('A1', at('09:00')), 'outside_working_hours');
    c.applyOk('book_appointment', booking('A1', at('19:00')));
  });

  it('refuses a blocked professional', async () => {
    const c = await openClinic();
    c.applyOk('add_block', {
      professional_external_id: 'ANA',
      start: at('14:00'),
      end: at('15:00'),
      reason: 'Congresso',
    });
    const error = refused(c, booking('A1', at('13:30')), 'professional_blocked');
    expect(error.message).toBe('Dra. Ana está bloqueado(a) nesse horário: Congresso.');
    c.applyOk('book_appointment', booking('A1', at('15:00')));
  });

  it('refuses a procedure the professional does not perform', async () => {
    const c = await openClinic();
    const error = refused(c, booking('A1', at('09:00'), { procedure_external_id: 'BOTOX' }), 'procedure_not_offered');
    expect(error.message).toBe('Dra. Ana não realiza Botox.');
  });

  it('does not count cancelled and no-show bookings', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T13:00:00Z');
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk('update_appointment', { external_id: 'A1', status: 'faltou' });
    c.applyOk('book_appointment', booking('A2', at('09:00'), { customer_external_id: 'P2' }));
    c.applyOk('update_appointment', {
      external_id: 'A2',
      status: 'cancelado',
      reason: 'Paciente viajou',
      cancelled_by: 'paciente',
    });
    c.applyOk('book_appointment', booking('A3', at('09:00')));
  });

  it('lets agenda.override book anyway and records it; others may not ask', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk('book_appointment', booking('A2', at('09:00'), { customer_external_id: 'P2', override: true }));
    const history = expectOk(c.app.dispatch('agenda.history', { external_id: 'A2' }, c.cli));
    expect(history[0]?.override_codes).toEqual(['schedule_conflict']);
    const conflicts = expectOk(c.app.dispatch('agenda.conflicts', {}, c.cli));
    expect(conflicts.map((p) => [p.a.external_id, p.b.external_id, p.shared])).toEqual([['A1', 'A2', 'professional']]);
    const receptionist = c.app.dispatch(
      'agenda.book',
      booking('A3', at('09:00'), { override: true }),
      sessionAs('receptionist'),
    );
    expect(receptionist.ok ? '' : receptionist.error.code).toMatch(/override_not_allowed|unauthenticated/);
  });
});
