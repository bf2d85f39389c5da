import type { z } from 'zod';
import type { Permission } from '../auth/roles';
import type { Context } from './context';

export interface OperationDef<S extends z.ZodType, R> {
  input: S;
  permission: Permission;
  /** Read-only operations skip the write transaction. */
  readonly?: boolean;
  handler(ctx: Context, input: z.output<S>): R;
}

/** Declares one contract entry; kept as a function so the handler's input type is inferred. */
export function op<S extends z.ZodType, R>(def: OperationDef<S, R>): OperationDef<S, R> {
  return def;
}
