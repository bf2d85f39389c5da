import { z } from 'zod';
import { loginSchema, passwordSchema, pinSchema } from '../auth/user.schemas';
import { PIX_KEY_TYPES } from '../br/pix-key-input';
import { BOUNDS, cnpjSchema, codeSchema, line, optionalLine, timezoneSchema } from '../contract/schemas';

export const storeFields = {
  name: line(BOUNDS.nameChars).min(2, { message: 'Informe o nome da loja.' }),
  cnpj: cnpjSchema.nullish(),
  address: optionalLine(300),
  city: optionalLine(80),
  timezone: timezoneSchema,
  /** A PIX key is at most 77 characters (an e-mail); checked by the service. */
  pix_key: optionalLine(100),
  /** What the PIX key is, when the user chose (a bare number that is a CPF and a mobile). */
  pix_key_type: z
    .enum(PIX_KEY_TYPES, { message: 'Tipo de chave PIX deve ser cpf, cnpj, email, phone ou evp.' })
    .optional(),
};

export const receiptWidthSchema = z.union([z.literal(80), z.literal(58)], {
  error: 'Largura do cupom inválida: use 80 ou 58 mm.',
});

/**
 * `store.set_logo`: the store's logo as base64 PNG/JPEG (up to 512 KB of bytes ≈ 700,000
 * characters; the bytes' size and signature are checked by the service), or null to remove it.
 */
export const storeLogoSchema = z.object({
  base64: z
    .string()
    .max(700_000, { message: 'O logo pode ter no máximo 512 KB.' })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'Envie o logo em PNG ou JPEG.' })
    .nullable(),
});

export const printingSchema = z.object({
  silent: z.boolean().optional(),
  printer_name: optionalLine(200),
});

export const updateStoreSchema = z
  .object({ ...storeFields, receipt_width_mm: receiptWidthSchema, printing: printingSchema })
  .partial();

export type UpdateStoreInput = z.output<typeof updateStoreSchema>;

export const setupSchema = z.object({
  store: z.object({
    ...storeFields,
    code: codeSchema.default('LJ01'),
    timezone: timezoneSchema.default('America/Sao_Paulo'),
  }),
  register: z
    .object({ code: codeSchema.default('CX1'), name: line(60).min(1).default('Caixa 1') })
    .default({ code: 'CX1', name: 'Caixa 1' }),
  owner: z.object({
    name: line(BOUNDS.nameChars).min(2, { message: 'Informe o nome do responsável.' }),
    login: loginSchema,
    pin: pinSchema,
    /** Recommended: a password of 8+ characters to sign in with instead of the PIN. */
    password: passwordSchema.optional(),
  }),
});

export const upsertRegisterSchema = z.object({
  code: codeSchema,
  name: line(60).min(1, { message: 'Informe o nome do caixa.' }),
  active: z.boolean().default(true),
});

export type UpsertRegisterInput = z.output<typeof upsertRegisterSchema>;
