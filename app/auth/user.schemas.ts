import { z } from 'zod';
import { ROLES } from './roles';
import { BOUNDS, identifier, line } from '../contract/schemas';

export const loginSchema = z
  .string()
  .trim()
  .min(2, { message: 'O usuário deve ter ao menos 2 caracteres.' })
  .max(40)
  .regex(/^[a-zA-Z0-9._-]+$/, { message: 'Use letras, números, ponto, hífen ou sublinhado.' });

export const pinSchema = z
  .string()
  .max(8, { message: 'O PIN deve ter de 4 a 8 dígitos.' })
  .regex(/^\d{4,8}$/, { message: 'O PIN deve ter de 4 a 8 dígitos.' });

const userName = line(BOUNDS.nameChars).min(2, { message: 'Informe o nome.' });
const role = z.enum(ROLES, { message: 'Perfil inválido.' });

/** A password an owner or manager may sign in with instead of the PIN. */
export const passwordSchema = z
  .string()
  .min(8, { message: 'A senha deve ter ao menos 8 caracteres.' })
  .max(128, { message: 'A senha deve ter no máximo 128 caracteres.' });

/** Roles that may sign in with a password instead of a PIN. */
export const PASSWORD_ROLES: readonly string[] = ['owner', 'manager'];

export const createUserSchema = z.object({
  name: userName,
  login: loginSchema,
  role,
  pin: pinSchema,
  password: passwordSchema.optional(),
});

export const updateUserSchema = z.object({
  id: identifier(),
  name: userName.optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  pin: pinSchema.optional(),
  /** A new password (owners and managers), or null to go back to the PIN. */
  password: passwordSchema.nullable().optional(),
});
