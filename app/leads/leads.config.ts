import type { Context } from '../contract/context';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import { insertRow, updateRow } from '../sync/outbox';
import { LEAD_STAGES, type LeadStage } from './leads.tables';

/** One origin of the editable list: a stable key (stored on leads) and its pt-BR label. */
export interface LeadOrigin {
  key: string;
  label: string;
  active: boolean;
}

/** The four BANT dimensions (seed 002, "Perguntas BANT Padrão"). */
export const BANT_KEYS = ['budget', 'authority', 'need', 'timeline'] as const;
export type BantKey = (typeof BANT_KEYS)[number];

/**
 * A BANT question: `options` (one is chosen, worth its points) or `keywords` (free text; every
 * keyword found, accents and case ignored, adds its points).
 */
export interface BantQuestion {
  key: BantKey;
  question: string;
  type: 'options' | 'keywords';
  choices: { label: string; points: number }[];
}

/** Issue 12's origin list; editable (`leads.config.set`), the keys stay on the leads that use them. */
export const DEFAULT_ORIGINS: LeadOrigin[] = [
  { key: 'instagram', label: 'Instagram', active: true },
  { key: 'whatsapp', label: 'WhatsApp', active: true },
  { key: 'site', label: 'Site', active: true },
  { key: 'indicacao', label: 'Indicação', active: true },
  { key: 'manual', label: 'Manual', active: true },
  { key: 'wasender', label: 'WaSender', active: true },
  { key: 'wacrm', label: 'WaCRM', active: true },
];

export const DEFAULT_STAGE_LABELS: Record<LeadStage, string> = {
  novo: 'Novo',
  contatado: 'Contatado',
  interessado: 'Interessado',
  agendado: 'Agendado',
  convertido: 'Convertido',
  perdido: 'Perdido',
};

/** Seed 002's default questions and weights, verbatim. */
export const DEFAULT_BANT: BantQuestion[] = [
  {
    key: 'budget',
    question: 'Qual é o orçamento previsto para esta solução?',
    type: 'options',
    choices: [
      { label: 'Menos de R$ 1.000/mês', points: 10 },
      { label: 'R$ 1.000 - R$ 5.000/mês', points: 30 },
      { label: 'R$ 5.000 - R$ 10.000/mês', points: 40 },
      { label: 'Acima de R$ 10.000/mês', points: 50 },
    ],
  },
  {
    key: 'authority',
    question: 'Você é responsável pela decisão de compra?',
    type: 'options',
    choices: [
      { label: 'Sim, sou o decisor', points: 30 },
      { label: 'Participo da decisão', points: 20 },
      { label: 'Apenas pesquisando', points: 5 },
    ],
  },
  {
    key: 'need',
    question: 'Qual é seu principal desafio hoje?',
    type: 'keywords',
    choices: [
      { label: 'vendas', points: 10 },
      { label: 'qualificação', points: 15 },
      { label: 'conversão', points: 15 },
      { label: 'automação', points: 10 },
    ],
  },
  {
    key: 'timeline',
    question: 'Quando pretende implementar uma solução?',
    type: 'options',
    choices: [
      { label: 'Imediatamente', points: 20 },
      { label: 'Próximos 30 dias', points: 15 },
      { label: 'Próximos 3 meses', points: 10 },
      { label: 'Apenas pesquisando', points: 0 },
    ],
  },
];

export interface LeadConfig {
  origins: LeadOrigin[];
  stage_labels: Record<LeadStage, string>;
  bant: BantQuestion[];
}

function stored<T>(db: Db, id: 'origins' | 'stage_labels' | 'bant'): T | undefined {
  const row = db.first(db.q.selectFrom('lead_config').select('value').where('id', '=', id));
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** The store's lists: what was saved, else the defaults above. */
export function readLeadConfig(db: Db): LeadConfig {
  const labels = stored<Partial<Record<LeadStage, string>>>(db, 'stage_labels') ?? {};
  return {
    origins: stored<LeadOrigin[]>(db, 'origins') ?? DEFAULT_ORIGINS,
    stage_labels: Object.fromEntries(LEAD_STAGES.map((s) => [s, labels[s] ?? DEFAULT_STAGE_LABELS[s]])) as Record<
      LeadStage,
      string
    >,
    bant: stored<BantQuestion[]>(db, 'bant') ?? DEFAULT_BANT,
  };
}

/** Saves the lists given (each replaces the stored one); synced as `lead_config` records. */
export function writeLeadConfig(ctx: Context, input: Partial<LeadConfig>): LeadConfig {
  if (input.origins) {
    const keys = new Set(input.origins.map((o) => o.key));
    if (keys.size !== input.origins.length) {
      throw new AppError('duplicate_origin', 'Origin keys repeat', 'Há origens com o mesmo código.');
    }
    const used = ctx.db.all(ctx.db.q.selectFrom('leads').select('origin').distinct());
    const missing = used.map((u) => u.origin).filter((o) => !keys.has(o));
    if (missing.length) {
      throw new AppError(
        'origin_in_use',
        `Origins in use cannot be removed: ${missing.join(', ')}`,
        `Origens usadas por leads não podem ser removidas (desative-as): ${missing.join(', ')}.`,
        { origins: missing },
      );
    }
  }
  const now = ctx.clock.now().toISOString();
  for (const id of ['origins', 'stage_labels', 'bant'] as const) {
    const value = input[id];
    if (value === undefined) continue;
    const json = JSON.stringify(value);
    const exists = ctx.db.first(ctx.db.q.selectFrom('lead_config').select('id').where('id', '=', id));
    if (exists) updateRow(ctx, 'lead_config', id, { value: json });
    else insertRow(ctx, 'lead_config', { id, value: json, created_at: now, updated_at: now });
  }
  return readLeadConfig(ctx.db);
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** The origin key a text names (a key or a label, accents and case ignored), or undefined. */
export function originNamed(origins: readonly LeadOrigin[], text: string): string | undefined {
  const wanted = fold(text);
  return origins.find((o) => o.active && (fold(o.key) === wanted || fold(o.label) === wanted))?.key;
}

/** Requires an active origin key; pt-BR refusal lists the valid ones. */
export function requireOrigin(origins: readonly LeadOrigin[], text: string): string {
  const key = originNamed(origins, text);
  if (key) return key;
  const valid = origins.filter((o) => o.active).map((o) => o.label);
  throw new AppError(
    'unknown_origin',
    `Unknown lead origin ${text}`,
    `Origem desconhecida: ${text}. Use: ${valid.join(', ')}.`,
    {
      origin: text,
    },
  );
}

export type BantAnswers = Partial<Record<BantKey, string>>;

/**
 * The BANT score (0..100): the points of each chosen option plus the points of every keyword the
 * `need` text contains, capped at 100 (seed 002 qualifies a lead from 70). An answer that names
 * no option of its question scores 0 for it.
 */
export function bantScore(questions: readonly BantQuestion[], answers: BantAnswers): number {
  let total = 0;
  for (const q of questions) {
    const answer = answers[q.key];
    if (!answer) continue;
    if (q.type === 'options') {
      total += q.choices.find((c) => fold(c.label) === fold(answer))?.points ?? 0;
    } else {
      const text = fold(answer);
      for (const c of q.choices) if (text.includes(fold(c.label))) total += c.points;
    }
  }
  return Math.max(0, Math.min(100, total));
}
