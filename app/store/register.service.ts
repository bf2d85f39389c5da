import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { deviceRegisterId } from '../settings/device.settings';
import { insertRow, updateRow } from '../sync/outbox';
import { findRegisterByCode, listRegisters } from './store.queries';
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
