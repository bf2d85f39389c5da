import { z } from 'zod';
import { op } from '../contract/define';
import { currentUser, login } from './auth.service';

export const authOps = {
  'auth.login': op({
    input: z.object({ login: z.string().trim().min(1), pin: z.string().min(4).max(32) }),
    permission: 'public',
    readonly: true,
    handler: (ctx, input) => login(ctx, input.login, input.pin),
  }),
  'auth.logout': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => {
      ctx.session.userId = null;
      ctx.session.role = null;
      ctx.session.registerId = null;
      return null;
    },
  }),
  'auth.me': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => currentUser(ctx),
  }),
};
