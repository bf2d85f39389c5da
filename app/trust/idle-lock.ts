import { z } from 'zod';
import { op } from '../contract/define';
import { boundedInt } from '../contract/schemas';
import type { Db } from '../db/db';
import { getSetting, putSetting } from '../settings/settings.queries';

export const IDLE_LOCK_KEY = 'auth.idle_lock';

/** Minutes without input before the screen locks (setting `auth.idle_lock`). */
export interface IdleLockSettings {
  /** At a register (the session has one): the counter is shared, so sooner. */
  register_minutes: number;
  /** Anywhere else (the back office). */
  other_minutes: number;
}

export const DEFAULT_IDLE_LOCK: IdleLockSettings = { register_minutes: 10, other_minutes: 30 };

export function readIdleLock(db: Db): IdleLockSettings {
  return { ...DEFAULT_IDLE_LOCK, ...(getSetting<Partial<IdleLockSettings>>(db, IDLE_LOCK_KEY) ?? {}) };
}

/** The minutes that apply to a session: the register's when it has a register, else the other. */
export function idleMinutesFor(settings: IdleLockSettings, registerId: string | null): number {
  return registerId ? settings.register_minutes : settings.other_minutes;
}

const minutes = (what: string) => boundedInt(1, 240, what);

/**
 * Idle lock (issue 16): `lock.settings` is read by every signed-in screen to arm its timer
 * (`minutes` is the value for this session's register or not); `lock.update_settings` needs
 * `store.manage`. Unlocking is `auth.login` with the same user's PIN (the screen and the sale in
 * progress are kept) or another user's (who gets their own screen and cart).
 */
export const idleLockOps = {
  'lock.settings': op({
    input: z.strictObject({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => {
      const settings = readIdleLock(ctx.db);
      return { ...settings, minutes: idleMinutesFor(settings, ctx.session.registerId) };
    },
  }),
  'lock.update_settings': op({
    input: z.strictObject({
      register_minutes: minutes('O tempo no caixa (minutos)').optional(),
      other_minutes: minutes('O tempo nos demais computadores (minutos)').optional(),
    }),
    permission: 'store.manage',
    handler: (ctx, input) => {
      const next = { ...readIdleLock(ctx.db), ...input };
      putSetting(ctx.db, IDLE_LOCK_KEY, next, ctx.clock.now().toISOString());
      return next;
    },
  }),
};
