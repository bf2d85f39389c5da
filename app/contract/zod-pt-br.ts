import { z } from 'zod';

/**
 * zod's messages in Brazilian Portuguese. zod ships only `pt` (European: "Demasiado grande:
 * esperava que…"); the counter speaks pt-BR ("Muito grande: o máximo é 100."). Schemas that give
 * their own message keep it; this map words everything else.
 */
type Issue = z.core.$ZodRawIssue;

const UNITS: Record<string, [string, string]> = {
  string: ['caractere', 'caracteres'],
  array: ['item', 'itens'],
  set: ['item', 'itens'],
  file: ['byte', 'bytes'],
};

const TYPES: Record<string, string> = {
  string: 'um texto',
  number: 'um número',
  int: 'um número inteiro',
  boolean: 'verdadeiro ou falso',
  array: 'uma lista',
  object: 'um objeto',
  date: 'uma data',
  bigint: 'um número inteiro',
  null: 'nulo',
};

const FORMATS: Record<string, string> = {
  email: 'E-mail inválido.',
  datetime: 'Data e hora inválidas (use ISO-8601 com fuso, ex.: 2026-11-23T10:00:00-03:00).',
  date: 'Data inválida (use AAAA-MM-DD).',
  time: 'Hora inválida (use HH:MM).',
  url: 'Endereço (URL) inválido.',
  uuid: 'Identificador inválido.',
  base64: 'Conteúdo base64 inválido.',
};

function number(n: number | bigint): string {
  return typeof n === 'bigint' ? n.toLocaleString('pt-BR') : n.toLocaleString('pt-BR', { maximumFractionDigits: 6 });
}

function sized(origin: string, n: number | bigint): string {
  const unit = UNITS[origin];
  if (!unit) return number(n);
  return `${number(n)} ${Number(n) === 1 ? unit[0] : unit[1]}`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const max = issue.maximum;
  const what =
    issue.origin === 'string' ? 'Texto longo demais' : issue.origin === 'array' ? 'Itens demais' : 'Muito grande';
  if (issue.inclusive === false) return `${what}: deve ser menor que ${sized(issue.origin, max)}.`;
  return `${what}: o máximo é ${sized(issue.origin, max)}.`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const min = issue.minimum;
  if (issue.origin === 'string' && Number(min) === 1) return 'Campo obrigatório.';
  if (issue.origin === 'array' && Number(min) === 1) return 'Informe ao menos um item.';
  const what =
    issue.origin === 'string' ? 'Texto curto demais' : issue.origin === 'array' ? 'Itens de menos' : 'Muito pequeno';
  if (issue.inclusive === false) return `${what}: deve ser maior que ${sized(issue.origin, min)}.`;
  return `${what}: o mínimo é ${sized(issue.origin, min)}.`;
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  if (issue.input === undefined) return 'Campo obrigatório.';
  if (issue.expected === 'int') return 'Use um número inteiro.';
  if (issue.expected === 'number' && typeof issue.input === 'number') return 'Número inválido.';
  return `Valor inválido: esperava ${TYPES[issue.expected] ?? issue.expected}.`;
}

function invalidFormat(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (issue.format === 'regex') return 'Formato inválido.';
  if (issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') {
    return 'Texto em formato inválido.';
  }
  return FORMATS[issue.format] ?? 'Formato inválido.';
}

/** The pt-BR message for one zod issue (used when the schema gave none). */
export function ptBrMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      return invalidFormat(issue);
    case 'invalid_value':
      return issue.values.length === 1
        ? `Valor inválido: use ${String(issue.values[0])}.`
        : `Opção inválida: use ${issue.values.map(String).join(', ')}.`;
    case 'not_multiple_of':
      return `Número inválido: deve ser múltiplo de ${number(issue.divisor)}.`;
    case 'unrecognized_keys':
      return issue.keys.length > 1
        ? `Campos não reconhecidos: ${issue.keys.join(', ')}.`
        : `Campo não reconhecido: ${issue.keys.join(', ')}.`;
    case 'invalid_key':
      return 'Chave inválida.';
    case 'invalid_element':
      return 'Item inválido.';
    default:
      return 'Valor inválido.';
  }
}

/** Makes every zod schema in this process speak pt-BR. */
export function useBrazilianPortuguese(): void {
  z.config({ localeError: ptBrMessage });
}
