import type { Context } from '../contract/context';

/** When an action happened: the time it names, normalized to UTC ISO-8601, or now. */
export function occurred(ctx: Context, at: string | undefined): string {
  return at ? new Date(at).toISOString() : ctx.clock.now().toISOString();
}
