import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { insertRow, updateRow } from '../sync/outbox';
import { hashPin } from './pin';
import type { createUserSchema, updateUserSchema } from './user.schemas';

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
  const id = newId();
  insertRow(ctx, 'users', {
    id,
    name: input.name,
    login: input.login,
    role: input.role,
    pin_hash: hashPin(input.pin),
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

/** Name, role, PIN reset or deactivation; the store always keeps an active owner. */
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
  const changes: { name?: string; role?: string; active?: number; pin_hash?: string } = {};
  if (input.name !== undefined && input.name !== user.name) changes.name = input.name;
  if (input.role !== undefined && input.role !== user.role) changes.role = input.role;
  if (input.active !== undefined && Number(input.active) !== user.active) changes.active = Number(input.active);
  if (input.pin !== undefined) changes.pin_hash = hashPin(input.pin);
  if (Object.keys(changes).length > 0) updateRow(ctx, 'users', user.id, changes);
  const updated = ctx.db.first(ctx.db.q.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', user.id));
  if (!updated) throw new Error('unreachable');
  return toPublic(updated);
}
