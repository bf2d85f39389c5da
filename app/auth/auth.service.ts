import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { deviceRegisterId } from '../settings/device.settings';
import { roleNamed, type Role } from './roles';
import { verifyPin } from './pin';
import { findUserById, findUserByLogin } from './user.queries';

export interface PublicUser {
  id: string;
  name: string;
  login: string;
  role: Role;
}

export function toRole(value: string): Role {
  const role = roleNamed(value);
  if (!role) throw new Error(`Unknown role in database: ${value}`);
  return role;
}

/** The active user with this login when the PIN is theirs, else undefined. */
export function checkCredentials(db: Db, loginName: string, pin: string) {
  const user = findUserByLogin(db, loginName);
  return user && verifyPin(pin, user.pin_hash) ? user : undefined;
}

export function login(ctx: Context, loginName: string, pin: string): PublicUser {
  const user = checkCredentials(ctx.db, loginName, pin);
  if (!user) {
    throw new AppError('invalid_credentials', `Login failed for ${loginName}`, 'Usuário ou PIN incorretos.');
  }
  const publicUser = { id: user.id, name: user.name, login: user.login, role: toRole(user.role) };
  signIn(ctx, publicUser);
  return publicUser;
}

/** Signs the channel in; on this device it works at the device's own register. */
export function signIn(ctx: Context, user: PublicUser): void {
  ctx.session.userId = user.id;
  ctx.session.role = user.role;
  ctx.session.registerId = deviceRegisterId(ctx.db) ?? null;
}

export function currentUser(ctx: Context): PublicUser | null {
  if (!ctx.session.userId) return null;
  const user = findUserById(ctx.db, ctx.session.userId);
  return user ? { ...user, role: toRole(user.role) } : null;
}
