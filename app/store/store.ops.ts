import { z } from 'zod';
import { op } from '../contract/define';
import { line } from '../contract/schemas';
import { currentUser } from '../auth/auth.service';
import { setPrinting } from './printing.service';
import { chooseDeviceRegister, listDeviceRegisters, sessionRegister, upsertRegister } from './register.service';
import { printingSchema, setupSchema, storeLogoSchema, updateStoreSchema, upsertRegisterSchema } from './store.schemas';
import { readStoreLogo, setStoreLogo } from './store-logo';
import { deviceStoreId, getStoreView, isSetupDone, setupStore, updateDeviceStore } from './store.service';

export const storeOps = {
  'app.status': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => {
      const setupDone = isSetupDone(ctx);
      return {
        setupDone,
        storeName: setupDone ? getStoreView(ctx).name : null,
        user: currentUser(ctx),
        /** The register this window works at (carts, screens and the caixa belong to it). */
        register: setupDone ? sessionRegister(ctx) : null,
      };
    },
  }),
  'store.setup': op({
    input: setupSchema,
    permission: 'public',
    handler: (ctx, input) => setupStore(ctx, input),
  }),
  'store.get': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => getStoreView(ctx),
  }),
  /** Store data (synced) and, under `printing`, this computer's printer settings (local). */
  'store.update': op({
    input: updateStoreSchema,
    permission: 'store.manage',
    handler: (ctx, input) => updateDeviceStore(ctx, input),
  }),
  /** The store's logo (reports' cover; Configurações and Relatórios preview it). */
  'store.logo': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => {
      const logo = readStoreLogo(ctx.db, deviceStoreId(ctx));
      return { has_logo: logo !== null, mime: logo?.mime ?? null, base64: logo ? logo.data.toString('base64') : null };
    },
  }),
  /** Keeps or removes the store's logo (synced to the store's other desktops). */
  'store.set_logo': op({
    input: storeLogoSchema,
    permission: 'store.manage',
    handler: (ctx, input) => setStoreLogo(ctx, input.base64),
  }),
  'device.printing.set': op({
    input: printingSchema,
    permission: 'store.manage',
    handler: (ctx, input) => setPrinting(ctx, input),
  }),
  'registers.list': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => listDeviceRegisters(ctx),
  }),
  /** Which of the store's registers this computer is: persisted per device, applies at once. */
  'device.register.set': op({
    input: z.object({ register_id: line(64).min(1, { message: 'Escolha o caixa.' }) }),
    permission: 'cash.operate',
    handler: (ctx, input) => chooseDeviceRegister(ctx, input.register_id),
  }),
  'registers.upsert': op({
    input: upsertRegisterSchema,
    permission: 'store.manage',
    handler: (ctx, input) => upsertRegister(ctx, input),
  }),
};
