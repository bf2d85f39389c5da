import { z } from 'zod';
import { BOUNDS, boundedInt, identifier, line, nameText, text } from '../contract/schemas';
import { isoDateTime } from '../sales/sale.schemas';

/** Inputs of the agenda (operations and `sales.apply` actions); every field bounded. */
const HM_MESSAGE = { message: 'Horário inválido (use HH:MM, ex.: 09:00).' };
export const hmSchema = z
  .string()
  .max(5, HM_MESSAGE)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, HM_MESSAGE);

const DATE_MESSAGE = { message: 'Data inválida (use AAAA-MM-DD).' };
export const localDateSchema = z
  .string()
  .max(10, DATE_MESSAGE)
  .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    DATE_MESSAGE,
  );

export const intervalSchema = z
  .object({ start: hmSchema, end: hmSchema })
  .refine((i) => i.start < i.end, { message: 'O fim do intervalo deve ser depois do início.', path: ['end'] });

const intervalList = z.array(intervalSchema).max(12, { message: 'No máximo 12 intervalos por dia.' });
const idList = (what: string) => z.array(identifier()).max(50, { message: `No máximo 50 ${what}.` });

export const upsertProfessionalSchema = z.object({
  external_id: identifier(),
  name: nameText(),
  salesperson_external_id: identifier().optional(),
  procedures: idList('procedimentos').default([]),
  working_hours: z
    .array(
      z
        .object({ weekday: boundedInt(1, 7, 'O dia da semana'), start: hmSchema, end: hmSchema })
        .refine((i) => i.start < i.end, { message: 'O fim do intervalo deve ser depois do início.', path: ['end'] }),
    )
    .max(84, { message: 'No máximo 84 intervalos por semana.' })
    .default([]),
  active: z.boolean().optional(),
});

export const upsertResourceSchema = z.object({
  external_id: identifier(),
  name: nameText(),
  active: z.boolean().optional(),
});

export const scheduleExceptionSchema = z.object({
  professional_external_id: identifier(),
  date: localDateSchema,
  intervals: intervalList,
});

export const addBlockSchema = z
  .object({
    professional_external_id: identifier(),
    start: isoDateTime,
    end: isoDateTime,
    reason: text(BOUNDS.textChars).min(2, { message: 'Informe o motivo do bloqueio.' }),
  })
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), {
    message: 'O fim do bloqueio deve ser depois do início.',
    path: ['end'],
  });

export const removeBlockSchema = z.object({ block_id: identifier() });

export const bookAppointmentSchema = z.object({
  external_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  customer_id: identifier().optional(),
  procedure_external_id: identifier(),
  professional_external_id: identifier(),
  start: isoDateTime,
  resources: idList('recursos').optional(),
  /** Book despite the rule (needs `agenda.override`); recorded in the history. */
  override: z.boolean().optional(),
});

export const STATUSES = ['pendente', 'confirmado', 'em_atendimento', 'realizado', 'cancelado', 'faltou'] as const;

export const updateAppointmentSchema = z.object({
  external_id: identifier(),
  status: z.enum(STATUSES, { message: 'Situação inválida.' }).optional(),
  start: isoDateTime.optional(),
  professional_external_id: identifier().optional(),
  reason: text(BOUNDS.textChars).optional(),
  cancelled_by: z.enum(['clinica', 'paciente'], { message: "Quem cancelou: 'clinica' ou 'paciente'." }).optional(),
  override: z.boolean().optional(),
});

export const agendaListSchema = z.object({
  from: localDateSchema,
  to: localDateSchema.optional(),
  professional_external_id: identifier().optional(),
});

export const slotsSchema = z.object({
  procedure_external_id: identifier(),
  professional_external_id: identifier().optional(),
  from: localDateSchema,
  to: localDateSchema,
});

export const appointmentRefSchema = z.object({ external_id: identifier() });

export const checkoutSchema = z.object({
  external_id: identifier(),
  method: z.enum(['dinheiro', 'pix', 'cartao_credito', 'cartao_debito'], { message: 'Forma de pagamento inválida.' }),
});

export const remindersSchema = z.object({ date: localDateSchema.optional() });
export const reminderTemplateSchema = z.object({
  template: text(BOUNDS.textChars).min(5, { message: 'Escreva o texto do lembrete.' }),
});
export const customerAgendaSchema = z.object({ customer_id: identifier() });
export const searchPatientsSchema = z.object({ query: line(BOUNDS.searchChars) });

export type UpsertProfessionalInput = z.output<typeof upsertProfessionalSchema>;
export type BookAppointmentInput = z.output<typeof bookAppointmentSchema>;
export type UpdateAppointmentInput = z.output<typeof updateAppointmentSchema>;
