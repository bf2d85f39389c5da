import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { addUser } from '../cash/cash.fixtures';
import { newSession } from '../contract/context';
import { booking, openClinic } from './scheduling.fixtures';

const MON = '2026-12-07';
const at = (hm: string) => `${MON}T${hm}:00-03:00`;

describe('appointment status machine', () => {
  it('walks pendente → confirmado → em_atendimento → realizado and keeps every change with its user', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T12:30:00Z');
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    for (const status of ['confirmado', 'em_atendimento', 'realizado'])
      c.applyOk('update_appointment', { external_id: 'A1', status });
    const history = expectOk(c.app.dispatch('agenda.history', { external_id: 'A1' }, c.cli));
    expect(history.map((h) => [h.kind, h.from_status, h.to_status])).toEqual([
      ['created', null, 'pendente'],
      ['status', 'pendente', 'confirmado'],
      ['status', 'confirmado', 'em_atendimento'],
      ['status', 'em_atendimento', 'realizado'],
    ]);
  });

  it('refuses transitions outside the machine with invalid_transition', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T12:30:00Z');
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    const skip = c.apply('update_appointment', { external_id: 'A1', status: 'realizado' });
    expect(skip.ok ? '' : skip.error).toMatchObject({
      code: 'invalid_transition',
      message: 'Não é possível passar de Pendente para Realizado.',
    });
    c.applyOk('update_appointment', {
      external_id: 'A1',
      status: 'cancelado',
      reason: 'Paciente desistiu',
      cancelled_by: 'paciente',
    });
    const back = c.apply('update_appointment', { external_id: 'A1', status: 'confirmado' });
    expect(back.ok ? '' : back.error.code).toBe('invalid_transition');
    const move = c.apply('update_appointment', { external_id: 'A1', start: at('10:00') });
    expect(move.ok ? '' : move.error.code).toBe('invalid_transition');
  });

  it('allows faltou only after the start', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-07T11:59:00Z'); // 08:59 local
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    const early = c.apply('update_appointment', { external_id: 'A1', status: 'faltou' });
    expect(early.ok ? '' : early.error).toMatchObject({
      code: 'invalid_transition',
      message: 'Falta só pode ser marcada depois do horário marcado.',
    });
    c.clock.set('2026-12-07T12:20:00Z');
    c.applyOk('update_appointment', { external_id: 'A1', status: 'faltou' });
  });

  it('needs a reason and who cancelled; flags a cancellation inside the notice hours as late', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-06T15:00:00Z'); // 21 h before
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk('book_appointment', booking('A2', '2026-12-09T09:00:00-03:00'));
    const bare = c.apply('update_appointment', { external_id: 'A1', status: 'cancelado' });
    expect(bare.ok ? '' : bare.error.code).toBe('cancel_reason_required');
    const who = c.apply('update_appointment', { external_id: 'A1', status: 'cancelado', reason: 'Gripe' });
    expect(who.ok ? '' : who.error.code).toBe('cancelled_by_required');
    c.applyOk('update_appointment', {
      external_id: 'A1',
      status: 'cancelado',
      reason: 'Gripe',
      cancelled_by: 'paciente',
    });
    c.applyOk('update_appointment', {
      external_id: 'A2',
      status: 'cancelado',
      reason: 'Agenda da clínica',
      cancelled_by: 'clinica',
    });
    const list = expectOk(c.app.dispatch('agenda.list', { from: MON, to: '2026-12-09' }, c.cli));
    expect(list.map((a) => [a.external_id, a.late_cancel, a.cancelled_by, a.cancel_reason])).toEqual([
      ['A1', true, 'paciente', 'Gripe'],
      ['A2', false, 'clinica', 'Agenda da clínica'],
    ]);
  });

  it('reschedules under the rule and keeps the old time in the history', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk('book_appointment', booking('A2', at('14:00'), { customer_external_id: 'P2' }));
    const clash = c.apply('update_appointment', { external_id: 'A1', start: at('14:30') });
    expect(clash.ok ? '' : clash.error).toMatchObject({
      code: 'schedule_conflict',
      details: { appointment_external_id: 'A2' },
    });
    c.applyOk('update_appointment', {
      external_id: 'A1',
      start: at('15:30'),
      professional_external_id: 'JOAO',
      reason: 'Pedido da paciente',
    });
    const history = expectOk(c.app.dispatch('agenda.history', { external_id: 'A1' }, c.cli));
    expect(history[1]).toMatchObject({
      kind: 'reschedule',
      old_start: '2026-12-07T09:00:00-03:00',
      new_start: '2026-12-07T15:30:00-03:00',
      reason: 'Pedido da paciente',
    });
    const [a1] = expectOk(c.app.dispatch('agenda.list', { from: MON, professional_external_id: 'JOAO' }, c.cli));
    expect(a1).toMatchObject({ external_id: 'A1', end: '2026-12-07T16:30:00-03:00', professional: 'Dr. João' });
  });

  it("shows a professional only their own agenda and refuses changes to another's", async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', at('09:00')));
    c.applyOk(
      'book_appointment',
      booking('B1', at('09:00'), { professional_external_id: 'JOAO', customer_external_id: 'P2' }),
    );
    const userId = addUser(c.app, 'ana.prof', 'professional', '4321');
    const ana = newSession();
    expectOk(c.app.dispatch('auth.login', { login: 'ana.prof', pin: '4321' }, ana));
    c.app.db.raw.prepare(`UPDATE salespeople SET user_id = ? WHERE external_id = 'ANA'`).run(userId);
    const mine = expectOk(c.app.dispatch('agenda.list', { from: MON }, ana));
    expect(mine.map((a) => a.external_id)).toEqual(['A1']);
    // Patient contact details are not the professional's to see (shaped output).
    expect(mine[0]?.phone).toBeNull();
    const other = c.app.dispatch('agenda.update', { external_id: 'B1', status: 'confirmado' }, ana);
    expect(other.ok ? '' : other.error.code).toBe('not_own_agenda');
    expectOk(c.app.dispatch('agenda.update', { external_id: 'A1', status: 'confirmado' }, ana));
  });
});
