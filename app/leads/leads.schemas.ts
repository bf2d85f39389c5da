import { z } from 'zod';
import { normalizePhoneBR } from '../br/phone';
import {
  BOUNDS,
  boundedInt,
  cpfSchema,
  identifier,
  isCleanText,
  line,
  nameText,
  optionalLine,
  optionalText,
  text,
} from '../contract/schemas';
import { BANT_KEYS } from './leads.config';
import { ACTIVITY_KINDS, LEAD_STAGES } from './leads.tables';

export const PHONE_MESSAGE = 'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.';

/** A Brazilian phone as typed, stored in E.164 (`+5511987654321`) through normalizePhoneBR. */
export const leadPhone = z
  .string()
  .max(40, { message: PHONE_MESSAGE })
  .trim()
  .refine((p) => p === '' || normalizePhoneBR(p) !== null, { message: PHONE_MESSAGE })
  .transform((p) => (p === '' ? null : (normalizePhoneBR(p)?.e164 ?? null)))
  .nullish();

/** An e-mail, stored in lower case; '' clears it. */
export const leadEmail = z
  .string()
  .max(254, { message: 'E-mail inválido.' })
  .trim()
  .toLowerCase()
  .transform((s) => (s === '' ? null : s))
  .pipe(z.email({ message: 'E-mail inválido.' }).max(254).nullable())
  .nullish();

const stage = z.enum(LEAD_STAGES, { message: 'Etapa desconhecida.' });
const isoDay = z.iso.date({ message: 'Use a data no formato AAAA-MM-DD.' }).max(10);
const isoInstant = z.iso.datetime({ offset: true, message: 'Data e hora inválidas.' }).max(40);
const tags = z.array(line(40).min(1, { message: 'Etiqueta vazia.' }), { message: 'Etiquetas inválidas.' }).max(20, {
  message: 'No máximo 20 etiquetas.',
});

/** `leads.upsert`: a new lead (no `id`), or the fields of an existing one (`id`) to change. */
export const upsertLeadSchema = z.object({
  id: identifier().optional(),
  external_id: optionalLine(BOUNDS.idChars),
  name: nameText(),
  phone: leadPhone,
  email: leadEmail,
  origin: line(60).min(1, { message: 'Informe a origem.' }),
  interest: optionalLine(200),
  notes: optionalText,
  owner_id: identifier().nullish(),
  tags: tags.optional(),
  utm_source: optionalLine(120),
  utm_medium: optionalLine(120),
  utm_campaign: optionalLine(120),
});
export type UpsertLeadInput = z.output<typeof upsertLeadSchema>;

export const leadIdSchema = z.object({ lead_id: identifier() });

export const moveLeadSchema = z.object({
  lead_id: identifier(),
  stage,
  reason: text(BOUNDS.textChars).optional(),
});

export const reopenLeadSchema = z.object({
  lead_id: identifier(),
  stage,
  reason: text(BOUNDS.textChars).optional(),
});

export const addActivitySchema = z.object({
  lead_id: identifier(),
  kind: z.enum(ACTIVITY_KINDS, { message: 'Tipo de atividade desconhecido.' }),
  body: text(BOUNDS.textChars).min(1, { message: 'Escreva a atividade.' }),
  due_at: isoInstant.optional(),
  assigned_to: identifier().optional(),
});

export const activityDoneSchema = z.object({ activity_id: identifier(), done: z.boolean() });

export const overdueSchema = z.object({ user_id: identifier().optional() });

const bantAnswer = line(200).optional();
export const scoreLeadSchema = z.object({
  lead_id: identifier(),
  answers: z.object({
    budget: bantAnswer,
    authority: bantAnswer,
    need: text(BOUNDS.textChars).optional(),
    timeline: bantAnswer,
  }),
});

export const listLeadsSchema = z.object({
  stage: stage.optional(),
  origin: line(60).optional(),
  owner_id: identifier().optional(),
  tag: line(40).optional(),
  /** Created from/to (store's days). */
  from: isoDay.optional(),
  to: isoDay.optional(),
  query: line(BOUNDS.searchChars).optional(),
  limit: boundedInt(1, 1000, 'O limite').default(200),
  offset: boundedInt(0, BOUNDS.maxCount, 'O deslocamento').default(0),
});
export type ListLeadsInput = z.output<typeof listLeadsSchema>;

export const linkLeadSchema = z.object({ lead_id: identifier(), customer_id: identifier() });
export const mergeLeadSchema = z.object({ lead_id: identifier(), into_lead_id: identifier() });

/** `leads.convert`: the customer's extra fields (CPF validated) and, when the agenda exists, the first appointment. */
export const convertLeadSchema = z.object({
  lead_id: identifier(),
  customer_id: identifier().optional(),
  cpf: z
    .string()
    .max(20, { message: 'CPF inválido.' })
    .trim()
    .transform((s) => (s === '' ? null : s))
    .pipe(cpfSchema.nullable())
    .nullish(),
  birth_date: isoDay.optional(),
  address: optionalText,
  email: leadEmail,
  appointment: z
    .object({
      procedure_external_id: identifier(),
      professional_external_id: identifier(),
      start: isoInstant,
    })
    .optional(),
});
export type ConvertLeadInput = z.output<typeof convertLeadSchema>;

export const attributionSchema = z.object({ from: isoDay, to: isoDay });

const originItem = z.object({
  key: line(30).regex(/^[a-z0-9_]{2,30}$/, { message: 'Código da origem: 2 a 30 letras minúsculas, números ou _.' }),
  label: line(60).min(1, { message: 'Informe o nome da origem.' }),
  active: z.boolean(),
});
const bantQuestion = z.object({
  key: z.enum(BANT_KEYS, { message: 'Pergunta BANT desconhecida.' }),
  question: line(200).min(1, { message: 'Escreva a pergunta.' }),
  type: z.enum(['options', 'keywords'], { message: 'Tipo de pergunta inválido.' }),
  choices: z
    .array(z.object({ label: line(120).min(1, { message: 'Opção vazia.' }), points: boundedInt(0, 100, 'O peso') }))
    .max(20, { message: 'No máximo 20 opções.' }),
});

export const setLeadConfigSchema = z.object({
  origins: z.array(originItem).min(1, { message: 'Mantenha ao menos uma origem.' }).max(50).optional(),
  stage_labels: z
    .object(
      Object.fromEntries(LEAD_STAGES.map((s) => [s, line(40).min(1).optional()])) as Record<
        (typeof LEAD_STAGES)[number],
        z.ZodOptional<ReturnType<typeof line>>
      >,
    )
    .optional(),
  bant: z.array(bantQuestion).max(4).optional(),
});

/** The fields a CSV column can feed. */
export const IMPORT_FIELDS = [
  'external_id',
  'name',
  'phone',
  'email',
  'origin',
  'interest',
  'notes',
  'tags',
  'owner',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'created_at',
  'ignore',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** ~7 MB of base64: 50,000 leads of a typical export, within the HTTP bridge's 20 MB body. */
const MAX_CONTENT = 15_000_000;

export const importLeadsSchema = z.object({
  content: z
    .string()
    .min(1, { message: 'O arquivo está vazio.' })
    .max(MAX_CONTENT, { message: 'Arquivo grande demais (máximo de 10 MB).' })
    .refine(isCleanText, { message: 'O arquivo tem caracteres inválidos (NUL): salve-o de novo como CSV UTF-8.' }),
  encoding: z.enum(['text', 'base64'], { message: "Codificação deve ser 'text' ou 'base64'." }).default('text'),
  delimiter: z
    .enum([';', ',', '\t'], { message: 'Separador deve ser ponto e vírgula, vírgula ou tabulação.' })
    .optional(),
  /** Header (as written in the file) → field; overrides the automatic mapping. */
  map: z
    .record(line(120), z.enum(IMPORT_FIELDS, { message: 'Campo desconhecido.' }))
    .refine((m) => Object.keys(m).length <= 60, { message: 'Colunas demais no mapeamento.' })
    .optional(),
  dry_run: z.boolean().default(false),
  on_duplicate: z.enum(['skip', 'merge'], { message: "Use 'skip' ou 'merge'." }).default('skip'),
  /** How many valid rows to send back for the preview. */
  preview: boundedInt(0, 100, 'A prévia').default(0),
});
export type ImportLeadsInput = z.output<typeof importLeadsSchema>;

export const exportLeadsSchema = listLeadsSchema.omit({ limit: true, offset: true }).extend({
  format: z.enum(['csv', 'xlsx'], { message: "Formato deve ser 'csv' ou 'xlsx'." }),
});
