import type { z } from 'zod';
import { authOps } from '../auth/auth.ops';
import { storeOps } from '../store/store.ops';

/** The whole contract: every operation any transport can serve. */
export const operations = {
  ...storeOps,
  ...authOps,
};

export type Operations = typeof operations;
export type OpName = keyof Operations;
export type OpInput<N extends OpName> = z.input<Operations[N]['input']>;
export type OpOutput<N extends OpName> = ReturnType<Operations[N]['handler']>;
