import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { hashPin } from '../auth/pin';
import { countUsers } from '../auth/user.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { signIn, type PublicUser } from '../auth/auth.service';
import { DEVICE_REGISTER_KEY, DEVICE_STORE_KEY } from '../settings/device.settings';
import { getSetting, putSetting } from '../settings/settings.queries';
import { checkedPixKey } from './location.service';
import { getPrinting, setPrinting, type PrintingSettings } from './printing.service';
import { findStore, listRegisters } from './store.queries';
import type { setupSchema, UpdateStoreInput } from './store.schemas';

export type SetupInput = z.output<typeof setupSchema>;

export function isSetupDone(ctx: Context): boolean {
  return getSetting<string>(ctx.db, DEVICE_STORE_KEY) !== undefined;
}

/** First run: the store this device belongs to, its first register and the owner, signed in. */
export function setupStore(ctx: Context, input: SetupInput): { store: StoreView; owner: PublicUser } {
  if (isSetupDone(ctx) || countUsers(ctx.db) > 0) {
    throw new AppError('already_setup', 'Store setup was already done', 'A loja já foi configurada neste computador.');
  }
  const pixKey = checkedPixKey(input.store.pix_key, input.store.code, input.store.pix_key_type);
  const now = ctx.clock.now().toISOString();
  const storeId = newId();
  const owner: PublicUser = { id: newId(), name: input.owner.name, login: input.owner.login, role: 'owner' };
  // The owner creates the store: its first rows (and their outbox entries) are theirs.
  ctx.session.userId = owner.id;
  insertRow(ctx, 'stores', {
    id: storeId,
    code: input.store.code,
    name: input.store.name,
    cnpj: input.store.cnpj ?? null,
    address: input.store.address ?? null,
    city: input.store.city ?? null,
    timezone: input.store.timezone,
    pix_key: pixKey ?? null,
    receipt_width_mm: 80,
    created_at: now,
    updated_at: now,
  });
  const registerId = newId();
  insertRow(ctx, 'registers', {
    id: registerId,
    store_id: storeId,
    code: input.register.code,
    name: input.register.name,
    created_at: now,
  });
  insertRow(ctx, 'users', {
    ...owner,
    pin_hash: hashPin(input.owner.pin),
    password_hash: input.owner.password !== undefined ? hashPin(input.owner.password) : null,
    created_at: now,
  });
  putSetting(ctx.db, DEVICE_STORE_KEY, storeId, now);
  putSetting(ctx.db, DEVICE_REGISTER_KEY, registerId, now);
  signIn(ctx, owner);
  return { store: getStoreView(ctx), owner };
}

export type StoreView = NonNullable<ReturnType<typeof findStore>> & {
  registers: ReturnType<typeof listRegisters>;
  /** This computer's printer settings (local, not synced). */
  printing: PrintingSettings;
};

export function deviceStoreId(ctx: Context): string {
  const id = getSetting<string>(ctx.db, DEVICE_STORE_KEY);
  if (!id) throw new AppError('setup_required', 'Store is not set up yet', 'Configure a loja antes de continuar.');
  return id;
}

export function getStoreView(ctx: Context): StoreView {
  const id = deviceStoreId(ctx);
  const store = findStore(ctx.db, id);
  if (!store) throw new Error(`Device store ${id} is missing`);
  return { ...store, registers: listRegisters(ctx.db, id), printing: getPrinting(ctx) };
}

/** Edits the device's store (synced) and, if given, this computer's printing settings (local). */
export function updateDeviceStore(ctx: Context, input: UpdateStoreInput): StoreView {
  const id = deviceStoreId(ctx);
  const { printing, pix_key_type: pixKeyType, ...changes } = input;
  const store = findStore(ctx.db, id);
  const pixKey = checkedPixKey(changes.pix_key, store?.code ?? id, pixKeyType);
  updateRow(ctx, 'stores', id, { ...changes, pix_key: pixKey });
  if (printing) setPrinting(ctx, printing);
  return getStoreView(ctx);
}
