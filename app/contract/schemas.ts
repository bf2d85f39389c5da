import { z } from 'zod';
import { isValidCnpj, normalizeCnpj } from '../br/cnpj';
import { isValidCpf, normalizeCpf } from '../br/cpf';

/** Reusable input schemas; messages are pt-BR because they reach the user. */
export const timezoneSchema = z
  .string()
  .max(64, { message: 'Fuso horário inválido (use um nome IANA, ex.: America/Sao_Paulo).' })
  .refine(isTimeZone, { message: 'Fuso horário inválido (use um nome IANA, ex.: America/Sao_Paulo).' });

export const cnpjSchema = z
  .string()
  .max(30, { message: 'CNPJ inválido.' })
  .trim()
  .refine(isValidCnpj, { message: 'CNPJ inválido.' })
  .transform(normalizeCnpj);

export const cpfSchema = z
  .string()
  .max(20, { message: 'CPF inválido.' })
  .trim()
  .refine(isValidCpf, { message: 'CPF inválido.' })
  .transform(normalizeCpf);

export const codeSchema = z
  .string()
  .max(30, { message: 'Use de 2 a 12 letras ou números, sem espaços.' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,12}$/, { message: 'Use de 2 a 12 letras ou números, sem espaços.' });

/**
 * The bounds every input obeys (issue 9 item 5). Money: any single amount fits R$ 999.999.999,99
 * (11 digits in the PIX BR Code's 13-character amount, and the receipts' columns). Quantities: up
 * to 999.999 units (thousandths ≤ 999.999.999). Rates: 0..10.000 basis points. Text: ids 100
 * characters, names 120, reasons and notes 1.000.
 */
export const BOUNDS = {
  idChars: 100,
  nameChars: 120,
  textChars: 1000,
  searchChars: 200,
  maxCents: 99_999_999_999,
  maxQty: 999_999,
  maxBp: 10_000,
  /** Counts of things: notes and coins counted, loyalty points, list offsets. */
  maxCount: 1_000_000_000,
  /** Structured JSON a field may carry (customer address or preferences): size and depth. */
  jsonChars: 4000,
  jsonDepth: 6,
} as const;

/**
 * Never part of an identifier or a one-line text: the C0 controls, DEL, the C1 controls
 * (U+0080–U+009F, e.g. NEL; what Latin-1 read as Windows-1252 leaves) and the Unicode line and
 * paragraph separators (U+2028/U+2029, a line break to many readers of a CSV or a receipt).
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
/** Control characters a multi-line text may not keep (tab and line breaks stay), C1 included. */
const STRIPPABLE_CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No NUL and no half of a UTF-16 pair: neither can be stored, printed or synced faithfully. */
export function isCleanText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** True when the text has no control character at all (and no lone surrogate). */
export function isPlainLine(s: string): boolean {
  return !CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

const CLEAN_MESSAGE = { message: 'O texto tem caracteres inválidos.' };
const LINE_MESSAGE = { message: 'Use só letras, números e símbolos visíveis (sem caracteres de controle).' };

/**
 * Free text of at most `max` characters, trimmed: NUL and lone surrogates are refused, other
 * control characters (except tab and line breaks) are removed.
 */
export function text(max: number) {
  return z
    .string()
    .max(max, { message: `Texto longo demais: o máximo é ${max} caracteres.` })
    .refine(isCleanText, CLEAN_MESSAGE)
    .overwrite((s) => s.replace(STRIPPABLE_CONTROL, '').trim());
}

/**
 * One line of text (a name, a search, a label, a scanned code): trimmed (so a scanner's final
 * Enter goes), then no control characters at all.
 */
export function line(max: number) {
  return z
    .string()
    .max(max, { message: `Texto longo demais: o máximo é ${max} caracteres.` })
    .trim()
    .refine(isPlainLine, LINE_MESSAGE);
}

/** An id or external id: 1..max characters, trimmed, no control characters. */
export function identifier(max: number = BOUNDS.idChars) {
  return line(max).min(1, { message: 'Informe o código.' });
}

/** A person's or thing's name: 1..120 characters on one line. */
export function nameText(max: number = BOUNDS.nameChars) {
  return line(max).min(1, { message: 'Informe o nome.' });
}

/** An integer in [min, max]; `what` names it in the pt-BR messages. */
export function boundedInt(min: number, max: number, what = 'O valor') {
  return z
    .number()
    .int({ message: `${what} deve ser um número inteiro.` })
    .min(min, { message: `${what} deve ser no mínimo ${min.toLocaleString('pt-BR')}.` })
    .max(max, { message: `${what} deve ser no máximo ${max.toLocaleString('pt-BR')}.` });
}

/** Centavos, from −R$ 999.999.999,99 to R$ 999.999.999,99; chain `.nonnegative()`/`.positive()`. */
export const centsSchema = z
  .number()
  .int({ message: 'Valor em centavos deve ser inteiro.' })
  .min(-BOUNDS.maxCents, { message: 'Valor grande demais: o máximo é R$ 999.999.999,99.' })
  .max(BOUNDS.maxCents, { message: 'Valor grande demais: o máximo é R$ 999.999.999,99.' });
export const positiveCentsSchema = centsSchema.positive({ message: 'O valor deve ser maior que zero.' });
/** Centavos from 0 to R$ 999.999.999,99. */
export const centavos = centsSchema.nonnegative({ message: 'O valor não pode ser negativo.' });

/** Basis points from 0 to 10.000 (0% to 100%). */
export const basisPoints = boundedInt(0, BOUNDS.maxBp, 'O percentual (em centésimos de %)');

/**
 * Basis points of a percentage written with at most two decimals (12.5 → 1250, 12.345 refused).
 * Decided on the number's shortest decimal text, so no float multiplication rounds it.
 */
export function percentToBpExact(percent: number): number | null {
  if (!Number.isFinite(percent)) return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(percent));
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  const bp = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return sign === '-' ? -bp : bp;
}

const PERCENT_RANGE = { message: 'O percentual deve estar entre 0 e 100.' };
const PERCENT_DECIMALS = { message: 'Use no máximo duas casas decimais no percentual (ex.: 3,55).' };

/** A percentage as people write it (3.5 = 3,5%), 0..100, at most two decimals; stays a number. */
export const percentage = z
  .number({ message: 'Informe o percentual.' })
  .min(0, PERCENT_RANGE)
  .max(100, PERCENT_RANGE)
  .refine((p) => percentToBpExact(p) !== null, PERCENT_DECIMALS);

/** The same percentage, delivered as basis points (integer math on its decimal text). */
export const percentageBp = percentage.transform((p) => percentToBpExact(p) ?? 0);

/**
 * A quantity in units as typed (1, 0.25, 1.5 kg): at most 3 decimals, up to 999.999 units either
 * way; chain refinements for sign.
 */
export const quantity = z
  .number({ message: 'Informe a quantidade.' })
  .min(-BOUNDS.maxQty, { message: 'Quantidade grande demais: o máximo é 999.999.' })
  .max(BOUNDS.maxQty, { message: 'Quantidade grande demais: o máximo é 999.999.' })
  .refine((q) => Number.isSafeInteger(Math.round(q * 1000)) && Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, {
    message: 'Use no máximo três casas decimais na quantidade.',
  });

/** A quantity greater than zero (a sale's line, a receiving). */
export const positiveQuantity = z
  .number({ message: 'Informe a quantidade.' })
  .positive({ message: 'A quantidade deve ser maior que zero.' })
  .max(BOUNDS.maxQty, { message: 'Quantidade grande demais: o máximo é 999.999.' })
  .refine((q) => Number.isSafeInteger(Math.round(q * 1000)) && Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, {
    message: 'Use no máximo três casas decimais na quantidade.',
  });

/** A quantity of zero or more (a stock count). */
export const nonNegativeQuantity = z
  .number({ message: 'Informe a quantidade.' })
  .min(0, { message: 'A contagem não pode ser negativa.' })
  .max(BOUNDS.maxQty, { message: 'Quantidade grande demais: o máximo é 999.999.' })
  .refine((q) => Number.isSafeInteger(Math.round(q * 1000)) && Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, {
    message: 'Use no máximo três casas decimais na quantidade.',
  });

export const optionalText = text(BOUNDS.textChars)
  .transform((s) => (s === '' ? null : s))
  .nullish();

/** Like optionalText, for one-line values (a city, a printer's name): at most `max` characters. */
export function optionalLine(max: number = BOUNDS.nameChars) {
  return line(max)
    .transform((s) => (s === '' ? null : s))
    .nullish();
}

/** Depth of a JSON value (a scalar is 0). */
export function jsonDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const v of Object.values(value)) deepest = Math.max(deepest, jsonDepth(v, limit - 1));
  return deepest + 1;
}

function jsonIsClean(value: unknown): boolean {
  if (typeof value === 'string') return isCleanText(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.entries(value).every(([k, v]) => isCleanText(k) && jsonIsClean(v));
}

/** A JSON object of bounded size and depth, no NULs or lone surrogates in it. */
export function boundedJsonObject(maxChars: number = BOUNDS.jsonChars, maxDepth: number = BOUNDS.jsonDepth) {
  return z.record(z.string().max(BOUNDS.idChars), z.unknown()).superRefine((v, ctx) => {
    if (jsonDepth(v, maxDepth + 1) > maxDepth) {
      ctx.addIssue({ code: 'custom', message: `Estrutura aninhada demais (máximo ${maxDepth} níveis).` });
      return;
    }
    if (JSON.stringify(v).length > maxChars) {
      ctx.addIssue({ code: 'custom', message: `Dados grandes demais (máximo ${maxChars} caracteres).` });
    } else if (!jsonIsClean(v)) {
      ctx.addIssue({ code: 'custom', message: CLEAN_MESSAGE.message });
    }
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}
