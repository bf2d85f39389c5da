import { roleHas } from '../auth/roles';
import { isoNow, type Context } from '../contract/context';
import { AppError } from '../contract/errors';

/** Whether the caller may name when an action happened: imports (the CLI) and roles with `sales.import`. */
export function maySetOccurredAt(ctx: Context): boolean {
  const { system, role } = ctx.session;
  return system || (role !== null && roleHas(role, 'sales.import'));
}

/**
 * When an action happened: the time it names, normalized to UTC ISO-8601, or now (the device
 * clock). Only callers with `sales.import` (and the CLI) may name a time; anyone else sending
 * `occurred_at` — a cashier backdating a counter sale — is refused with `occurred_at_not_allowed`
 * rather than silently ignored, so a wrong clock or a tampered request is visible (issue 9, item 11).
 */
export function occurred(ctx: Context, at: string | undefined): string {
  if (at === undefined) return isoNow(ctx.clock);
  if (!maySetOccurredAt(ctx)) {
    throw new AppError(
      'occurred_at_not_allowed',
      `User ${ctx.session.userId ?? '?'} (${ctx.session.role ?? '?'}) may not set occurred_at`,
      'No balcão a data e a hora são as deste computador; só importações podem informar outra data.',
      { field: 'occurred_at' },
    );
  }
  return new Date(at).toISOString();
}
