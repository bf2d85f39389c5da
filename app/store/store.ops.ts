import { z } from 'zod';
import { op } from '../contract/define';
import { cnpjSchema, codeSchema, optionalText, timezoneSchema } from '../contract/schemas';
import { currentUser } from '../auth/auth.service';
import { getStoreView, isSetupDone, setupStore, updateDeviceStore } from './store.service';

const storeFields = {
  name: z.string().trim().min(2, { message: 'Informe o nome da loja.' }).max(120),
  cnpj: cnpjSchema.nullish(),
  address: optionalText,
  timezone: timezoneSchema,
  pix_key: optionalText,
};

export const storeOps = {
  'app.status': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => {
      const setupDone = isSetupDone(ctx);
      return {
        setupDone,
        storeName: setupDone ? getStoreView(ctx).name : null,
        user: currentUser(ctx),
      };
    },
  }),
  'store.setup': op({
    input: z.object({
      store: z.object({
        ...storeFields,
        code: codeSchema.default('LJ01'),
        timezone: timezoneSchema.default('America/Sao_Paulo'),
      }),
      register: z
        .object({ code: codeSchema.default('CX1'), name: z.string().trim().min(1).default('Caixa 1') })
        .default({ code: 'CX1', name: 'Caixa 1' }),
      owner: z.object({
        name: z.string().trim().min(2, { message: 'Informe o nome do responsável.' }),
        login: z
          .string()
          .trim()
          .min(2)
          .max(40)
          .regex(/^[a-zA-Z0-9._-]+$/, { message: 'Use letras, números, ponto, hífen ou sublinhado.' }),
        pin: z.string().regex(/^\d{4,8}$/, { message: 'O PIN deve ter de 4 a 8 dígitos.' }),
      }),
    }),
    permission: 'public',
    handler: (ctx, input) => setupStore(ctx, input),
  }),
  'store.get': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => getStoreView(ctx),
  }),
  'store.update': op({
    input: z.object(storeFields).partial(),
    permission: 'store.manage',
    handler: (ctx, input) => updateDeviceStore(ctx, input),
  }),
};
