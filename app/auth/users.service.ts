import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow, updateRow } from '../sync/outbox';
import { hashPin } from './pin';
import { PASSWORD_ROLES, type createUserSchema, type updateUserSchema } from './user.schemas';

const PUBLIC_COLUMNS = ['id', 'name', 'login', 'role', 'active', 'created_at'] as const;

function toPublic<U extends { active: number }>(u: U): Omit<U, 'active'> & { active: boolean } {
  return { ...u, active: u.active === 1 };
}

export function listUsers(ctx: Context) {
  return ctx.db
    .all(ctx.db.q.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('active', 'desc').orderBy('name'))
    .map(toPublic);
}

export function createUser(ctx: Context, input: z.output<typeof createUserSchema>) {
  const taken = ctx.db.first(ctx.db.q.selectFrom('users').select('id').where('login', '=', input.login));
  if (taken) {
    throw new AppError('login_taken', `Login ${input.login} already exists`, 'Este usuário já existe.', {
      issues: [{ path: 'login', message: 'Este usuário já existe.' }],
    });
  }
  if (input.password !== undefined) assertPasswordRole(input.role);
  const id = newId();
  insertRow(ctx, 'users', {
    id,
    name: input.name,
    login: input.login,
    role: input.role,
    pin_hash: hashPin(input.pin),
    password_hash: input.password !== undefined ? hashPin(input.password) : null,
    created_at: ctx.clock.now().toISOString(),
  });
  return { id, name: input.name, login: input.login, role: input.role, active: true };
}

function activeOwners(ctx: Context): number {
  const row = ctx.db.first(
    ctx.db.q
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'owner')
      .where('active', '=', 1),
  );
  return row?.n ?? 0;
}

interface UserChanges {
  name?: string;
  role?: string;
  active?: number;
  pin_hash?: string;
  password_hash?: string | null;
  session_version?: number;
}

type StoredUser = { name: string; role: string; active: number; password_hash: string | null };

function userChanges(user: StoredUser, input: z.output<typeof updateUserSchema>): UserChanges {
  const changes: UserChanges = {};
  if (input.name !== undefined && input.name !== user.name) changes.name = input.name;
  if (input.role !== undefined && input.role !== user.role) changes.role = input.role;
  if (input.active !== undefined && Number(input.active) !== user.active) changes.active = Number(input.active);
  if (input.pin !== undefined) changes.pin_hash = hashPin(input.pin);
  const role = input.role ?? user.role;
  if (typeof input.password === 'string') {
    assertPasswordRole(role);
    changes.password_hash = hashPin(input.password);
  } else if (user.password_hash !== null && (input.password === null || !PASSWORD_ROLES.includes(role))) {
    // Back to the PIN: asked for, or the user is no longer an owner or manager.
    changes.password_hash = null;
  }
  return changes;
}

function assertPasswordRole(role: string): void {
  if (PASSWORD_ROLES.includes(role)) return;
  throw new AppError('invalid_input', `Role ${role} cannot use a password`, 'Só donos e gerentes podem usar senha.', {
    issues: [{ path: 'password', message: 'Só donos e gerentes podem usar senha.' }],
  });
}

/**
 * Name, role, PIN or password reset, or deactivation; the store always keeps an active owner.
 * Deactivation, a change of role and a PIN or password reset raise `session_version`, which
 * ends the user's sessions on every transport at their next request (`auth/session.ts`).
 */
export function updateUser(ctx: Context, input: z.output<typeof updateUserSchema>) {
  const user = ctx.db.first(ctx.db.q.selectFrom('users').selectAll().where('id', '=', input.id));
  if (!user) throw new AppError('unknown_user', `User ${input.id} not found`, 'Usuário não encontrado.');
  const losesOwner =
    user.role === 'owner' && user.active === 1 && (input.active === false || (input.role ?? 'owner') !== 'owner');
  if (losesOwner && activeOwners(ctx) <= 1) {
    throw new AppError(
      'last_owner',
      'Cannot remove the last active owner',
      'A loja precisa de ao menos um dono ativo.',
    );
  }
  const changes = userChanges(user, input);
  if (changes.role !== undefined || changes.active === 0 || changes.pin_hash || changes.password_hash !== undefined) {
    // Every session of this user ends, on every transport; the caller's own session goes on.
    changes.session_version = user.session_version + 1;
  }
  if (Object.keys(changes).length > 0) updateRow(ctx, 'users', user.id, changes);
  if (changes.session_version !== undefined && ctx.session.userId === user.id) {
    ctx.session.version = changes.session_version;
  }
  const updated = ctx.db.first(ctx.db.q.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', user.id));
  if (!updated) throw new Error('unreachable');
  return toPublic(updated);
}
