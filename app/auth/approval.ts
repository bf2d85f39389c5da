import { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { isCleanText, line } from '../contract/schemas';
import { log } from '../log';
import { checkCredentials } from './auth.service';
import { roleHas, roleNamed, type Permission } from './roles';

/** A supervisor's login and PIN typed at the counter to authorise someone else's action. */
export const approvalSchema = z.object({
  login: line(40).min(1, { message: 'Informe o login de quem aprova.' }),
  pin: z.string().min(4, { message: 'Informe o PIN de quem aprova.' }).max(128).refine(isCleanText),
});

export type Approval = z.output<typeof approvalSchema>;

/**
 * Returns the id of whoever authorises an action that needs `permission`: the caller when
 * their own role has it, otherwise the active user identified by `approval` whose role has it.
 * A system session (CLI) names no person, so it must present an approver too.
 */
export function requireApproval(
  ctx: Context,
  approval: Approval | undefined,
  permission: Permission,
  what: string,
): string {
  const { userId, role } = ctx.session;
  if (userId && role && roleHas(role, permission)) return userId;
  if (!approval) {
    throw new AppError(
      'approval_required',
      `Approval with ${permission} required for ${what}`,
      'Esta ação precisa da aprovação de um gerente.',
      { permission, what },
    );
  }
  const approver = checkCredentials(ctx, approval.login, approval.pin);
  if (!approver) {
    throw new AppError(
      'approval_invalid',
      `Approval for ${what} refused: wrong login or PIN (${approval.login})`,
      'Login ou PIN de aprovação incorretos.',
      { permission, what },
    );
  }
  const approverRole = roleNamed(approver.role);
  if (!approverRole || !roleHas(approverRole, permission)) {
    throw new AppError(
      'approval_invalid',
      `Approval for ${what} refused: ${approval.login} lacks ${permission}`,
      'Este usuário não tem permissão para aprovar esta ação.',
      { permission, what },
    );
  }
  log.info('action approved', { what, permission, approver: approver.id, user: userId });
  return approver.id;
}
