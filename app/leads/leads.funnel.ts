import { AppError } from '../contract/errors';
import { LEAD_STAGES, type LeadStage } from './leads.tables';

/** Stages a lead is still being worked in. */
export const OPEN_STAGES: readonly LeadStage[] = ['novo', 'contatado', 'interessado', 'agendado'];

export function isOpen(stage: LeadStage): boolean {
  return OPEN_STAGES.includes(stage);
}

const order = (s: LeadStage) => LEAD_STAGES.indexOf(s);

/**
 * Checks a move of the funnel (issue 12): forward from an open stage, skipping allowed; `perdido`
 * from any open stage with a reason; `convertido` only through the conversion (it makes a
 * customer); back only by `reopen`; nothing from a closed stage. Returns the reason to store
 * (null unless perdido). Throws AppError: `lead_closed`, `reason_required`, `convert_required`,
 * `stage_back_needs_reopen`.
 */
export function checkMove(from: LeadStage, to: LeadStage, reason: string | null | undefined): string | null {
  if (!isOpen(from)) {
    throw new AppError(
      'lead_closed',
      `Lead is ${from}; reopen it first`,
      from === 'convertido'
        ? 'Este lead já foi convertido em cliente.'
        : 'Este lead está perdido: reabra-o antes de mover.',
      { stage: from },
    );
  }
  if (to === 'perdido') {
    const why = reason?.trim();
    if (!why) throw new AppError('reason_required', 'Losing a lead needs a reason', 'Informe o motivo da perda.', {});
    return why;
  }
  if (to === 'convertido') {
    throw new AppError(
      'convert_required',
      'Conversion goes through leads.convert',
      'Para converter, use "Converter em cliente": ele cria ou vincula o cliente.',
    );
  }
  if (order(to) < order(from)) {
    throw new AppError(
      'stage_back_needs_reopen',
      `Going back from ${from} to ${to} needs reopen`,
      'Para voltar a uma etapa anterior, use "Reabrir".',
      { from, to },
    );
  }
  return null;
}

/**
 * Checks a reopen: a lost lead back to any open stage, or an open lead back to an earlier open
 * stage. A converted lead stays converted (`lead_converted`); the target must be open and earlier
 * (`invalid_reopen`).
 */
export function checkReopen(from: LeadStage, to: LeadStage): void {
  if (from === 'convertido') {
    throw new AppError(
      'lead_converted',
      'A converted lead cannot be reopened',
      'Um lead convertido não pode ser reaberto.',
    );
  }
  if (!isOpen(to) || (from !== 'perdido' && order(to) >= order(from))) {
    throw new AppError(
      'invalid_reopen',
      `Cannot reopen ${from} to ${to}`,
      'Reabrir leva o lead a uma etapa aberta anterior (ou, se perdido, a qualquer etapa aberta).',
      { from, to },
    );
  }
}
