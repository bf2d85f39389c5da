import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { DEVICE_REGISTER_KEY, deviceRegisterId } from '../settings/device.settings';
import { putSetting } from '../settings/settings.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { findRegister, findRegisterByCode, listRegisters } from './store.queries';
import type { UpsertRegisterInput } from './store.schemas';
import { deviceStoreId } from './store.service';

export function listDeviceRegisters(ctx: Context) {
  return listRegisters(ctx.db, deviceStoreId(ctx)).map((r) => ({ ...r, active: r.active === 1 }));
}

/** A register of the device's store, by its code: created, renamed or (de)activated. */
export function upsertRegister(ctx: Context, input: UpsertRegisterInput): { id: string; created: boolean } {
  const storeId = deviceStoreId(ctx);
  const existing = findRegisterByCode(ctx.db, storeId, input.code);
  if (existing) {
    if (!input.active && existing.id === deviceRegisterId(ctx.db)) {
      const message = 'Este é o caixa deste computador: ele não pode ser desativado.';
      throw new AppError('register_in_use', `Register ${input.code} is this device's register`, message, {
        issues: [{ path: 'active', message }],
      });
    }
    updateRow(ctx, 'registers', existing.id, { name: input.name, active: input.active ? 1 : 0 });
    return { id: existing.id, created: false };
  }
  const id = newId();
  insertRow(ctx, 'registers', {
    id,
    store_id: storeId,
    code: input.code,
    name: input.name,
    active: input.active ? 1 : 0,
    created_at: ctx.clock.now().toISOString(),
  });
  return { id, created: true };
}

/** The register this channel works at: id, code and name, or null before setup. */
export function sessionRegister(ctx: Context): { id: string; code: string; name: string } | null {
  const id = ctx.session.registerId ?? deviceRegisterId(ctx.db);
  const r = id ? findRegister(ctx.db, id) : undefined;
  return r ? { id: r.id, code: r.code, name: r.name } : null;
}

/**
 * Makes `registerId` (an active register of the device's store) this computer's register: kept
 * in the device's own settings (never synced), so the choice survives restarts and logins, and
 * the current session moves to it at once. Refused with `register_not_found` otherwise.
 */
export function chooseDeviceRegister(ctx: Context, registerId: string): { id: string; code: string; name: string } {
  const r = findRegister(ctx.db, registerId);
  if (!r || r.store_id !== deviceStoreId(ctx) || r.active !== 1) {
    const message = 'Caixa não encontrado ou inativo nesta loja.';
    throw new AppError(
      'register_not_found',
      `Register ${registerId} is not an active register of this store`,
      message,
      {
        issues: [{ path: 'register_id', message }],
      },
    );
  }
  putSetting(ctx.db, DEVICE_REGISTER_KEY, r.id, ctx.clock.now().toISOString());
  ctx.session.registerId = r.id;
  return { id: r.id, code: r.code, name: r.name };
}
