import { z } from 'zod';
import { approvalSchema } from '../auth/approval';
import { BOUNDS, identifier, text } from '../contract/schemas';

export const purposeSchema = z.enum(['marketing', 'lembretes'], {
  message: 'Finalidade inválida (marketing ou lembretes).',
});
export const channelSchema = z.enum(['presencial', 'whatsapp', 'telefone', 'email', 'site', 'formulario'], {
  message: 'Canal inválido.',
});
export const requestTypeSchema = z.enum(['acesso', 'portabilidade', 'correcao', 'eliminacao'], {
  message: 'Tipo de solicitação inválido.',
});

export const grantConsentSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  lead_id: identifier().optional(),
  purpose: purposeSchema,
  /** The exact text shown to the person. */
  text_shown: text(BOUNDS.textChars).min(1, { message: 'Informe o texto apresentado à pessoa.' }),
  channel: channelSchema,
});

export const revokeConsentSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  lead_id: identifier().optional(),
  purpose: purposeSchema,
});

export const openRequestSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  request_type: requestTypeSchema,
  details: text(BOUNDS.textChars).optional(),
});

export const listRequestsSchema = z.strictObject({
  status: z.enum(['aberta', 'concluida', 'recusada']).optional(),
  customer_id: identifier().optional(),
});

export const closeRequestSchema = z.strictObject({
  request_id: identifier(),
  status: z.enum(['concluida', 'recusada']),
  resolution: text(BOUNDS.textChars).min(1, { message: 'Descreva a resposta dada ao titular.' }),
});

export const anonymizeSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  /** The owner's login + PIN when the caller is not the owner. */
  approval: approvalSchema.optional(),
  /** The elimination request this answers (closed as concluída). */
  request_id: identifier().optional(),
});

export const clinicalNoteSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  kind: z.enum(['evolucao', 'anamnese'], { message: 'Tipo de anotação inválido (evolucao ou anamnese).' }),
  text: text(20_000).min(1, { message: 'Escreva a anotação.' }),
});
