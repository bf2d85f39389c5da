import type { OpOutput } from '../../../../app/contract/operations';

export type Appointment = OpOutput<'agenda.list'>[number];
export type Professional = OpOutput<'agenda.professionals'>[number];
export type Procedure = OpOutput<'agenda.procedures'>[number];

export const STATUS_LABELS: Record<Appointment['status'], string> = {
  pendente: 'Pendente',
  confirmado: 'Confirmado',
  em_atendimento: 'Em atendimento',
  realizado: 'Realizado',
  cancelado: 'Cancelado',
  faltou: 'Faltou',
};

/** A column of the grid: one professional on one date. */
export interface Column {
  key: string;
  label: string;
  professional: string;
  date: string;
}
