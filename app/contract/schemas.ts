import { z } from 'zod';
import { isValidCnpj, normalizeCnpj } from '../br/cnpj';
import { isValidCpf, normalizeCpf } from '../br/cpf';

/** Reusable input schemas; messages are pt-BR because they reach the user. */
export const timezoneSchema = z
  .string()
  .refine(isTimeZone, { message: 'Fuso horário inválido (use um nome IANA, ex.: America/Sao_Paulo).' });

export const cnpjSchema = z.string().trim().refine(isValidCnpj, { message: 'CNPJ inválido.' }).transform(normalizeCnpj);

export const cpfSchema = z.string().trim().refine(isValidCpf, { message: 'CPF inválido.' }).transform(normalizeCpf);

export const codeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,12}$/, { message: 'Use de 2 a 12 letras ou números, sem espaços.' });

export const centsSchema = z.number().int({ message: 'Valor em centavos deve ser inteiro.' });
export const positiveCentsSchema = centsSchema.positive({ message: 'O valor deve ser maior que zero.' });

export const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))
  .nullish();

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}
