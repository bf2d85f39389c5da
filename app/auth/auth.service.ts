import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { deviceRegisterId } from '../settings/device.settings';
import { roleNamed, type Role } from './roles';
import { randomBytes } from 'node:crypto';
import { hashPin, verifyPin } from './pin';
import { sessionVersionOf } from './session';
import { lockedForMs, recordFailure, recordSuccess } from './throttle';
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

let dummyHash: string | undefined;

/**
 * The active user with this login when the secret is theirs (their password when they set one,
 * else their PIN), else undefined. An unknown or inactive login costs the same scrypt as a real
 * one, so timing does not tell which logins exist. Wrong secrets count towards the login's lockout
 * (`throttle.ts`); while it is locked every attempt, right or wrong, is refused with
 * `login_locked` and `details.retry_after_seconds`. Used by sign-in and by approval fields.
 */
export function checkCredentials(ctx: Context, loginName: string, secret: string) {
  const nowMs = ctx.clock.now().getTime();
  const waitMs = lockedForMs(ctx.db, loginName, nowMs);
  if (waitMs > 0) throw lockedError(loginName, waitMs);
  const user = findUserByLogin(ctx.db, loginName);
  dummyHash ??= hashPin(randomBytes(12).toString('base64'));
  const matches = verifyPin(secret, user ? (user.password_hash ?? user.pin_hash) : dummyHash);
  if (!user || !matches) {
    recordFailure(ctx.db, loginName, nowMs);
    return undefined;
  }
  recordSuccess(ctx.db, loginName);
  return user;
}

function lockedError(loginName: string, waitMs: number): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    'login_locked',
    `Login ${loginName} locked for ${seconds}s after repeated wrong secrets`,
    `Muitas tentativas erradas para este usuário. Tente de novo em ${minutes} min.`,
    { retry_after_seconds: seconds },
  );
}

export function login(ctx: Context, loginName: string, secret: string): PublicUser {
  const user = checkCredentials(ctx, loginName, secret);
  if (!user) {
    throw new AppError('invalid_credentials', `Login failed for ${loginName}`, 'Usuário ou PIN incorretos.');
  }
  const publicUser = { id: user.id, name: user.name, login: user.login, role: toRole(user.role) };
  signIn(ctx, publicUser);
  return publicUser;
}

/**
 * Signs the channel in; on this device it works at the device's own register. Transports that
 * hold sessions by id (the HTTP bridge) issue a new id after any sign-in.
 */
export function signIn(ctx: Context, user: PublicUser): void {
  ctx.session.userId = user.id;
  ctx.session.role = user.role;
  ctx.session.registerId = deviceRegisterId(ctx.db) ?? null;
  ctx.session.version = sessionVersionOf(ctx.db, user.id);
  ctx.session.lastSeenMs = ctx.clock.now().getTime();
}

export function currentUser(ctx: Context): PublicUser | null {
  if (!ctx.session.userId) return null;
  const user = findUserById(ctx.db, ctx.session.userId);
  return user ? { ...user, role: toRole(user.role) } : null;
}
