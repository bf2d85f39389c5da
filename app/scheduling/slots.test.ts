import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { booking, openClinic } from './scheduling.fixtures';

const MON = '2026-12-07';

describe('agenda.slots', () => {
  it('lists grid starts inside each working interval, skipping bookings with their buffer, blocks and the lunch break', async () => {
    const c = await openClinic();
    c.applyOk('add_schedule_exception', {
      professional_external_id: 'ANA',
      date: MON,
      intervals: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '14:30' },
      ],
    });
    c.applyOk('book_appointment', booking('A1', `${MON}T09:30:00-03:00`)); // held 09:30–10:45
    c.applyOk('add_block', {
      professional_external_id: 'ANA',
      start: `${MON}T13:00:00-03:00`,
      end: `${MON}T13:20:00-03:00`,
      reason: 'Reunião',
    });
    const slots = expectOk(
      c.app.dispatch(
        'agenda.slots',
        { procedure_external_id: 'LIMPEZA', professional_external_id: 'ANA', from: MON, to: MON },
        c.cli,
      ),
    );
    // 60 min + 15 buffer: 09:00 would hold until 10:15 (> 09:30); 10:45 is the first after A1; the
    // 13:00 interval loses 13:00 and 13:15 to the block; 13:30 is the last that ends by 14:30.
    // (10:45 and 11:00 end by 12:00; their buffer may run past the interval.)
    expect(slots.map((s) => s.start)).toEqual([
      '2026-12-07T10:45:00-03:00',
      '2026-12-07T11:00:00-03:00',
      '2026-12-07T13:30:00-03:00',
    ]);
    expect(slots[0]?.professional_external_id).toBe('ANA');
  });

  it('lists every professional who performs the procedure, and the resource it needs', async () => {
    const c = await openClinic();
    c.applyOk('add_schedule_exception', {
      professional_external_id: 'ANA',
      date: MON,
      intervals: [{ start: '09:00', end: '10:00' }],
    });
    c.applyOk('add_schedule_exception', {
      professional_external_id: 'JOAO',
      date: MON,
      intervals: [{ start: '09:00', end: '10:00' }],
    });
    c.applyOk('book_appointment', booking('A1', `${MON}T09:00:00-03:00`, { procedure_external_id: 'LASER-FACIAL' }));
    const slots = expectOk(
      c.app.dispatch('agenda.slots', { procedure_external_id: 'LASER-FACIAL', from: MON, to: MON }, c.cli),
    );
    // The laser is held 09:00–09:30 by Ana's booking: João may use it only from 09:30.
    expect(slots.map((s) => `${s.professional_external_id} ${s.start.slice(11, 16)}`)).toEqual([
      'ANA 09:30',
      'JOAO 09:30',
    ]);
  });

  it('answers only times the booking rule accepts: every slot listed books', async () => {
    const c = await openClinic();
    c.applyOk('book_appointment', booking('A1', `${MON}T10:00:00-03:00`));
    const slots = expectOk(
      c.app.dispatch(
        'agenda.slots',
        { procedure_external_id: 'LIMPEZA', professional_external_id: 'ANA', from: MON, to: MON },
        c.cli,
      ),
    );
    expect(slots.length).toBeGreaterThan(5);
    for (const [i, s] of slots.entries()) {
      const r = c.app.dispatch('agenda.book', booking(`S${i}`, s.start, { customer_external_id: 'P2' }), c.cli);
      expect(r.ok).toBe(true);
      c.applyOk('update_appointment', {
        external_id: `S${i}`,
        status: 'cancelado',
        reason: 'teste',
        cancelled_by: 'clinica',
      });
    }
  });
});

describe('daylight saving time (America/New_York)', () => {
  it('keeps 09:00 local on both sides of the change, with the right offsets', async () => {
    const c = await openClinic('America/New_York', '2026-03-01T12:00:00Z');
    const slots = expectOk(
      c.app.dispatch(
        'agenda.slots',
        { procedure_external_id: 'LIMPEZA', professional_external_id: 'ANA', from: '2026-03-06', to: '2026-03-09' },
        c.cli,
      ),
    );
    const firsts = slots.filter((s) => s.start.slice(11, 16) === '09:00').map((s) => s.start);
    expect(firsts).toEqual(['2026-03-06T09:00:00-05:00', '2026-03-09T09:00:00-04:00']);
    c.applyOk('book_appointment', booking('A1', '2026-03-09T09:00:00-04:00'));
    const r = c.apply('book_appointment', booking('A2', '2026-03-09T08:00:00-05:00', { customer_external_id: 'P2' }));
    // 08:00 EST is 09:00 EDT that day: the same instant as A1.
    expect(r.ok ? 'ok' : r.error.code).toBe('schedule_conflict');
  });

  it('counts real time across the night the clocks jump (01:00–04:00 local is two hours)', async () => {
    const c = await openClinic('America/New_York', '2026-03-01T12:00:00Z');
    c.applyOk('add_schedule_exception', {
      professional_external_id: 'ANA',
      date: '2026-03-08',
      intervals: [{ start: '01:00', end: '04:00' }],
    });
    const slots = expectOk(
      c.app.dispatch(
        'agenda.slots',
        { procedure_external_id: 'LIMPEZA', professional_external_id: 'ANA', from: '2026-03-08', to: '2026-03-08' },
        c.cli,
      ),
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T01:15:00-05:00',
      '2026-03-08T01:30:00-05:00',
      '2026-03-08T01:45:00-05:00',
      '2026-03-08T03:00:00-04:00',
    ]);
    const late = c.apply('book_appointment', booking('A1', '2026-03-08T03:15:00-04:00'));
    expect(late.ok ? 'ok' : late.error.code).toBe('outside_working_hours');
  });
});
