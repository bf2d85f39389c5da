import { z } from 'zod';
import { ROLES } from './roles';

export const loginSchema = z
  .string()
  .trim()
  .min(2, { message: 'O usuário deve ter ao menos 2 caracteres.' })
  .max(40)
  .regex(/^[a-zA-Z0-9._-]+$/, { message: 'Use letras, números, ponto, hífen ou sublinhado.' });

export const pinSchema = z.string().regex(/^\d{4,8}$/, { message: 'O PIN deve ter de 4 a 8 dígitos.' });

const userName = z.string().trim().min(2, { message: 'Informe o nome.' }).max(120);
const role = z.enum(ROLES, { message: 'Perfil inválido.' });

export const createUserSchema = z.object({ name: userName, login: loginSchema, role, pin: pinSchema });

export const updateUserSchema = z.object({
  id: z.string().min(1),
  name: userName.optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  pin: pinSchema.optional(),
});
