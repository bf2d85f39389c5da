import { z } from 'zod';
import { normalizePhoneBR } from '../br/phone';
import { BOUNDS, boundedJsonObject, cpfSchema, identifier, line, optionalLine, text } from '../contract/schemas';

/**
 * A Brazilian phone as a customer's is stored: DDD + number, digits only (11987654321,
 * 1133334444). Read and validated by normalizePhoneBR (libphonenumber's metadata, the one place
 * phones are read): punctuation, +55 or 55 in front, a trunk 0 before the DDD, an old 8-digit
 * mobile (gets its 9). Null for what is not a Brazilian line with a DDD (0800 numbers included).
 */
export function normalizePhone(input: string): string | null {
  const phone = normalizePhoneBR(input);
  return phone && phone.ddd ? phone.e164.slice(3) : null;
}

const PHONE_MESSAGE = 'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.';

export const phoneSchema = z
  .string()
  .max(30, { message: PHONE_MESSAGE })
  .trim()
  .refine((p) => normalizePhone(p) !== null, { message: PHONE_MESSAGE })
  .transform((p) => normalizePhone(p) ?? p);

/** An optional phone: '' clears it like null does. */
const optionalPhone = z
  .string()
  .max(30, { message: PHONE_MESSAGE })
  .trim()
  .refine((p) => p === '' || normalizePhone(p) !== null, { message: PHONE_MESSAGE })
  .transform((p) => (p === '' ? null : (normalizePhone(p) ?? p)))
  .nullish();

const emptyToNull = (s: string) => (s === '' ? null : s);

/** An optional CPF, stored as its 11 digits: '' clears it like null does. */
const optionalCpf = z
  .string()
  .max(20, { message: 'CPF inválido.' })
  .trim()
  .transform(emptyToNull)
  .pipe(cpfSchema.nullable())
  .nullish();

const emailSchema = z
  .string()
  .max(254, { message: 'E-mail inválido.' })
  .trim()
  .toLowerCase()
  .transform(emptyToNull)
  .pipe(z.email({ message: 'E-mail inválido.' }).max(254).nullable());

const isoDate = z
  .string()
  .max(10, { message: 'Use a data no formato AAAA-MM-DD.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a data no formato AAAA-MM-DD.' })
  .refine(isCalendarDate, { message: 'Data inválida.' });

/** Free text, or structured data (the seed sends address and preferences as objects) kept as JSON. */
const textOrJson = z
  .union([text(2000), boundedJsonObject()], {
    message: 'Use um texto ou um objeto.',
  })
  .transform((v) => (typeof v === 'string' ? emptyToNull(v) : JSON.stringify(v)))
  .nullish();

/** The `update_customer_data` action. Omitted fields keep their value; null or '' clears them. */
export const updateCustomerDataSchema = z.object({
  external_id: line(64).min(1, { message: 'Informe o código do cliente.' }),
  name: line(BOUNDS.nameChars).min(2, { message: 'Informe o nome do cliente.' }),
  cpf: optionalCpf,
  email: emailSchema.nullish(),
  phone: optionalPhone,
  birth_date: isoDate.nullish(),
  address: textOrJson,
  preferences: textOrJson,
  acquisition_channel: optionalLine(80),
});

export type UpdateCustomerDataInput = z.output<typeof updateCustomerDataSchema>;

export const quickCreateCustomerSchema = z.object({
  name: line(BOUNDS.nameChars).min(2, { message: 'Informe o nome do cliente.' }),
  phone: phoneSchema,
  cpf: optionalCpf,
});

export const findCustomersSchema = z.object({
  query: line(160),
  limit: z.number().int().min(1).max(100).default(20),
});

export const getCustomerSchema = z.object({ customer_id: identifier() });

function isCalendarDate(s: string): boolean {
  const [y = 0, m = 0, d = 0] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
