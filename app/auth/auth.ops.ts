import { z } from 'zod';
import { op } from '../contract/define';
import { isCleanText, line } from '../contract/schemas';
import { currentUser, login } from './auth.service';
import { signOut } from './session';

export const authOps = {
  'auth.login': op({
    /** `pin` carries the PIN, or the password of an owner or manager who set one. */
    input: z.object({ login: line(40).min(1), pin: z.string().min(4).max(128).refine(isCleanText) }),
    permission: 'public',
    readonly: true,
    handler: (ctx, input) => login(ctx, input.login, input.pin),
  }),
  'auth.logout': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => {
      signOut(ctx.session);
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
