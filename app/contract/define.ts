import type { z } from 'zod';
import type { Permission } from '../auth/roles';
import type { Context } from './context';

export interface OperationDef<S extends z.ZodType, R> {
  input: S;
  permission: Permission;
  /** Read-only operations skip the write transaction. */
  readonly?: boolean;
  /**
   * A shortcut past `input` for the common shape of a hot operation: returns exactly what
   * `input.parse` would for inputs it proves valid, undefined for anything else (then `input`
   * parses, and every refusal comes from it). See `fastRegisterSaleInput`.
   */
  fastInput?: (raw: unknown) => z.output<S> | undefined;
  handler(ctx: Context, input: z.output<S>): R;
}

/** Declares one contract entry; kept as a function so the handler's input type is inferred. */
export function op<S extends z.ZodType, R>(def: OperationDef<S, R>): OperationDef<S, R> {
  return def;
}

/**
 * Parses an operation's or an action's input: the accept-only `fast` shortcut when it answers
 * (exactly zod's output), else `schema.safeParse` — so every refusal, message and issue is zod's.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  fast: ((raw: unknown) => z.output<S> | undefined) | undefined,
  raw: unknown,
): { success: true; data: z.output<S> } | { success: false; error: z.ZodError } {
  const data = fast?.(raw);
  return data === undefined ? schema.safeParse(raw) : { success: true, data };
}
