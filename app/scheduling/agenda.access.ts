import { roleHas } from '../auth/roles';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { ProfessionalRow } from './scheduling.queries';

/**
 * A user with the `professional` role sees and changes only their own agenda: the professional
 * whose salesperson is linked to the user (`salespeople.user_id`). Other roles see every agenda.
 */
export function ownProfessionalOnly(ctx: Context): boolean {
  return !ctx.session.system && ctx.session.role === 'professional';
}

export function assertOwnAgenda(ctx: Context, professional: ProfessionalRow): void {
  if (ownProfessionalOnly(ctx) && professional.user_id !== ctx.session.userId) {
    throw new AppError(
      'not_own_agenda',
      `User ${ctx.session.userId ?? '?'} is not professional ${professional.external_id}`,
      'Você só pode ver e alterar a sua própria agenda.',
      { professional_external_id: professional.external_id },
    );
  }
}

/** `override: true` needs `agenda.override` (owner, manager, the CLI). */
export function assertMayOverride(ctx: Context, override: boolean | undefined): boolean {
  if (!override) return false;
  const { system, role } = ctx.session;
  if (system || (role !== null && roleHas(role, 'agenda.override'))) return true;
  throw new AppError(
    'override_not_allowed',
    `Role ${role ?? '?'} may not override the agenda rule`,
    'Só gerente ou dono podem agendar passando por cima da regra da agenda.',
  );
}
