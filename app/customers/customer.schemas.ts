import { z } from 'zod';
import { onlyDigits } from '../br/digits';
import { cpfSchema, optionalText } from '../contract/schemas';

/**
 * A Brazilian phone as stored: DDD + number, digits only (11987654321, 1133334444). Accepts the
 * usual ways of writing it: punctuation, +55 or 55 in front, a trunk 0 before the DDD.
 */
export function normalizePhone(input: string): string | null {
  const text = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return null;
  let d = onlyDigits(text);
  if (text.startsWith('+')) {
    if (!d.startsWith('55')) return null;
    d = d.slice(2);
  } else if ((d.length === 12 || d.length === 13) && d.startsWith('55')) {
    d = d.slice(2);
  } else if ((d.length === 11 || d.length === 12) && d.startsWith('0')) {
    d = d.slice(1);
  }
  // DDDs have no zero; mobiles are 9 + 8 digits, landlines start with 2–5.
  return /^[1-9]{2}(?:9\d{8}|[2-5]\d{7})$/.test(d) ? d : null;
}

const PHONE_MESSAGE = 'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.';

export const phoneSchema = z
  .string()
  .trim()
  .refine((p) => normalizePhone(p) !== null, { message: PHONE_MESSAGE })
  .transform((p) => normalizePhone(p) ?? p);

/** An optional phone: '' clears it like null does. */
const optionalPhone = z
  .string()
  .trim()
  .refine((p) => p === '' || normalizePhone(p) !== null, { message: PHONE_MESSAGE })
  .transform((p) => (p === '' ? null : (normalizePhone(p) ?? p)))
  .nullish();

const emptyToNull = (s: string) => (s === '' ? null : s);

/** An optional CPF, stored as its 11 digits: '' clears it like null does. */
const optionalCpf = z.string().trim().transform(emptyToNull).pipe(cpfSchema.nullable()).nullish();

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform(emptyToNull)
  .pipe(z.email({ message: 'E-mail inválido.' }).max(254).nullable());

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a data no formato AAAA-MM-DD.' })
  .refine(isCalendarDate, { message: 'Data inválida.' });

/** Free text, or structured data (the seed sends address and preferences as objects) kept as JSON. */
const textOrJson = z
  .union([z.string().trim().max(2000), z.record(z.string(), z.unknown())], {
    message: 'Use um texto ou um objeto.',
  })
  .transform((v) => (typeof v === 'string' ? emptyToNull(v) : JSON.stringify(v)))
  .nullish();

/** The `update_customer_data` action. Omitted fields keep their value; null or '' clears them. */
export const updateCustomerDataSchema = z.object({
  external_id: z.string().trim().min(1, { message: 'Informe o código do cliente.' }).max(64),
  name: z.string().trim().min(2, { message: 'Informe o nome do cliente.' }).max(160),
  cpf: optionalCpf,
  email: emailSchema.nullish(),
  phone: optionalPhone,
  birth_date: isoDate.nullish(),
  address: textOrJson,
  preferences: textOrJson,
  acquisition_channel: optionalText,
});

export type UpdateCustomerDataInput = z.output<typeof updateCustomerDataSchema>;

export const quickCreateCustomerSchema = z.object({
  name: z.string().trim().min(2, { message: 'Informe o nome do cliente.' }).max(160),
  phone: phoneSchema,
  cpf: optionalCpf,
});

export const findCustomersSchema = z.object({
  query: z.string().max(160),
  limit: z.number().int().min(1).max(100).default(20),
});

export const getCustomerSchema = z.object({ customer_id: z.string().trim().min(1) });

function isCalendarDate(s: string): boolean {
  const [y = 0, m = 0, d = 0] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
