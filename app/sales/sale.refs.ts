import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { findCustomerByExternalId, findCustomerById } from '../customers/customer.queries';
import { findSalespersonByExternalId } from '../salespeople/salesperson.queries';
import { findRegister, findRegisterByCode, findStore, findStoreByCode } from '../store/store.queries';
import { deviceStoreId } from '../store/store.service';
import { findSaleByExternalId } from './sale.queries';
import { memoized } from '../db/lookup-memo';

/** Resolves the external ids of an action, each unknown one an error that names it. */
export function resolveStore(ctx: Context, externalId: string | undefined) {
  if (!externalId) {
    const id = deviceStoreId(ctx);
    const store = memoized(ctx.db, 'store:', () => findStore(ctx.db, id));
    if (!store) throw new Error(`device store ${id} missing`);
    return store;
  }
  const store = memoized(ctx.db, `store:${externalId}`, () => findStoreByCode(ctx.db, externalId));
  if (!store)
    throw new AppError('unknown_location', `Unknown location ${externalId}`, `Loja desconhecida: ${externalId}.`, {
      external_id: externalId,
    });
  return store;
}

export function resolveRegister(ctx: Context, storeId: string, code: string | undefined, useSessionRegister = true) {
  if (code) {
    const register = findRegisterByCode(ctx.db, storeId, code);
    if (!register)
      throw new AppError('unknown_register', `Unknown register ${code}`, `Caixa desconhecido: ${code}.`, {
        register: code,
      });
    return register;
  }
  if (!useSessionRegister || !ctx.session.registerId) return null;
  const own = findRegister(ctx.db, ctx.session.registerId);
  return own && own.store_id === storeId ? own : null;
}

export function resolveCustomer(ctx: Context, externalId: string | undefined) {
  if (!externalId) return null;
  const customer = memoized(ctx.db, `customer:${externalId}`, () => findCustomerByExternalId(ctx.db, externalId));
  if (!customer)
    throw new AppError('unknown_customer', `Unknown customer ${externalId}`, `Cliente desconhecido: ${externalId}.`, {
      external_id: externalId,
    });
  return customer;
}

export function resolveCustomerById(ctx: Context, id: string) {
  const customer = findCustomerById(ctx.db, id);
  if (!customer) throw new AppError('unknown_customer', `Unknown customer ${id}`, 'Cliente não encontrado.', { id });
  return customer;
}

export function resolveSalesperson(ctx: Context, externalId: string | undefined) {
  if (!externalId) return null;
  const person = memoized(ctx.db, `salesperson:${externalId}`, () => findSalespersonByExternalId(ctx.db, externalId));
  if (!person)
    throw new AppError(
      'unknown_salesperson',
      `Unknown salesperson ${externalId}`,
      `Vendedor desconhecido: ${externalId}.`,
      { external_id: externalId },
    );
  return person;
}

export function resolveSale(ctx: Context, externalId: string) {
  const sale = findSaleByExternalId(ctx.db, externalId);
  if (!sale)
    throw new AppError('unknown_sale', `Unknown sale ${externalId}`, `Venda desconhecida: ${externalId}.`, {
      external_id: externalId,
    });
  return sale;
}
