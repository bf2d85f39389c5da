import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { checkMove, checkReopen } from './leads.funnel';

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'not-app-error';
  }
}

describe('the funnel', () => {
  it('moves forward, skipping stages, and refuses going back without reopen', () => {
    expect(checkMove('novo', 'contatado', undefined)).toBeNull();
    expect(checkMove('novo', 'agendado', undefined)).toBeNull();
    expect(code(() => checkMove('interessado', 'contatado', undefined))).toBe('stage_back_needs_reopen');
    expect(code(() => checkMove('agendado', 'convertido', undefined))).toBe('convert_required');
  });

  it('needs a reason to lose a lead, from any open stage, and nothing moves a closed lead', () => {
    expect(code(() => checkMove('contatado', 'perdido', undefined))).toBe('reason_required');
    expect(code(() => checkMove('contatado', 'perdido', '   '))).toBe('reason_required');
    expect(checkMove('agendado', 'perdido', ' Achou caro ')).toBe('Achou caro');
    expect(code(() => checkMove('perdido', 'contatado', undefined))).toBe('lead_closed');
    expect(code(() => checkMove('convertido', 'perdido', 'x'))).toBe('lead_closed');
  });

  it('reopens a lost lead to any open stage and an open lead only to an earlier one', () => {
    expect(code(() => checkReopen('perdido', 'agendado'))).toBeNull();
    expect(code(() => checkReopen('agendado', 'contatado'))).toBeNull();
    expect(code(() => checkReopen('contatado', 'agendado'))).toBe('invalid_reopen');
    expect(code(() => checkReopen('perdido', 'perdido'))).toBe('invalid_reopen');
    expect(code(() => checkReopen('convertido', 'novo'))).toBe('lead_converted');
  });

  it('keeps every change with user and time, the loss reason, and the reopen', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = expectOk(app.dispatch('leads.upsert', { name: 'Bruna', origin: 'instagram' }, session));
    expectOk(app.dispatch('leads.move', { lead_id: id, stage: 'interessado' }, session));
    const refused = app.dispatch('leads.move', { lead_id: id, stage: 'perdido' }, session);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'reason_required',
      message: 'Informe o motivo da perda.',
    });
    expectOk(app.dispatch('leads.move', { lead_id: id, stage: 'perdido', reason: 'Sem orçamento' }, session));
    expectOk(app.dispatch('leads.reopen', { lead_id: id, stage: 'contatado', reason: 'Voltou a falar' }, session));
    const lead = expectOk(app.dispatch('leads.get', { lead_id: id }, session));
    expect(lead.stage).toBe('contatado');
    expect(lead.lost_reason).toBeNull();
    expect(lead.history.map((h) => [h.from_stage, h.to_stage, h.kind, h.reason, h.user_name])).toEqual([
      ['novo', 'interessado', 'move', null, 'Ana Dona'],
      ['interessado', 'perdido', 'move', 'Sem orçamento', 'Ana Dona'],
      ['perdido', 'contatado', 'reopen', 'Voltou a falar', 'Ana Dona'],
    ]);
    expect(lead.history.every((h) => /^\d{4}-\d{2}-\d{2}T/.test(h.occurred_at))).toBe(true);
  });
});
