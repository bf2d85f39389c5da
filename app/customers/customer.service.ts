import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { canSeePersonalData } from '../contract/visibility';
import { newId } from '../db/ids';
import { formatCpf } from '../br/cpf';
import { onlyDigits } from '../br/digits';
import { ftsPrefixQuery } from '../catalog/catalog-search.queries';
import { insertRow, updateRow } from '../sync/outbox';
import {
  findCustomerByCpf,
  findCustomerByExternalId,
  findCustomerById,
  findCustomersByDigits,
  findCustomersByName,
  findCustomersByPhone,
  loyaltyPoints,
} from './customer.queries';
import { storeCreditBalance } from '../sales/sale.queries';
import type { findCustomersSchema, quickCreateCustomerSchema, UpdateCustomerDataInput } from './customer.schemas';

function assertCpfFree(ctx: Context, cpf: string | null | undefined, selfId: string | undefined): void {
  if (!cpf) return;
  const owner = findCustomerByCpf(ctx.db, cpf);
  if (owner && owner.id !== selfId) {
    throw new AppError(
      'cpf_taken',
      `CPF already belongs to customer ${owner.id}`,
      `O CPF ${formatCpf(cpf)} já está cadastrado para outro cliente.`,
      { customer_id: owner.id },
    );
  }
}

type NewCustomer = Partial<Omit<UpdateCustomerDataInput, 'name'>> & { name: string };

/** Inserts a customer; the columns not given are null. Returns its id. */
function insertCustomer(ctx: Context, c: NewCustomer): string {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'customers', {
    id,
    external_id: c.external_id ?? null,
    name: c.name,
    cpf: c.cpf ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    birth_date: c.birth_date ?? null,
    address: c.address ?? null,
    preferences: c.preferences ?? null,
    acquisition_channel: c.acquisition_channel ?? null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/** Creates or updates a customer by external id; only the given fields change. */
export function upsertCustomer(ctx: Context, input: UpdateCustomerDataInput): { id: string; created: boolean } {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  if (input.birth_date && input.birth_date > today) {
    throw new AppError(
      'invalid_birth_date',
      `Birth date ${input.birth_date} is in the future`,
      `Data de nascimento no futuro: ${input.birth_date}.`,
      { birth_date: input.birth_date },
    );
  }
  const existing = findCustomerByExternalId(ctx.db, input.external_id);
  assertCpfFree(ctx, input.cpf, existing?.id);
  const fields = {
    name: input.name,
    cpf: input.cpf,
    email: input.email,
    phone: input.phone,
    birth_date: input.birth_date,
    address: input.address,
    preferences: input.preferences,
    acquisition_channel: input.acquisition_channel,
  };
  if (existing) {
    updateRow(ctx, 'customers', existing.id, fields);
    return { id: existing.id, created: false };
  }
  return { id: insertCustomer(ctx, input), created: true };
}

/**
 * The counter's shortcut: name and phone. The same name with the same phone is taken to be the
 * same person (a double submit), so it returns that customer instead of a duplicate.
 */
export function quickCreateCustomer(
  ctx: Context,
  input: z.output<typeof quickCreateCustomerSchema>,
): { id: string; created: boolean } {
  const name = foldName(input.name);
  const same = findCustomersByPhone(ctx.db, input.phone).find((c) => foldName(c.name) === name);
  if (same && (!input.cpf || same.cpf === input.cpf || same.cpf === null)) {
    assertCpfFree(ctx, input.cpf, same.id);
    if (input.cpf && same.cpf === null) updateRow(ctx, 'customers', same.id, { cpf: input.cpf });
    return { id: same.id, created: false };
  }
  assertCpfFree(ctx, input.cpf, undefined);
  return { id: insertCustomer(ctx, { name: input.name, cpf: input.cpf, phone: input.phone }), created: true };
}

function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** By CPF or phone when the query is a number, by name (prefix of each word) otherwise. */
export function findCustomers(ctx: Context, input: z.output<typeof findCustomersSchema>) {
  const text = input.query.trim();
  if (text === '') return [];
  if (/^\+?[\d\s().-]+$/.test(text)) {
    // Finding a person by CPF or phone is seeing that data: only for customers.manage.
    if (!canSeePersonalData(ctx.session)) return [];
    let digits = onlyDigits(text);
    if (text.startsWith('+55')) digits = digits.slice(2);
    return digits === '' ? [] : findCustomersByDigits(ctx.db, digits, input.limit);
  }
  const match = ftsPrefixQuery(text);
  if (!match) return [];
  return findCustomersByName(ctx.db, match, input.limit).sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
}

/**
 * A customer with their balances: `store_credit_cents` (centavos, from returns, cancellations
 * and credit spent) and `loyalty_points` (Σ loyalty movements). Both never go below zero.
 */
export function getCustomer(ctx: Context, customerId: string) {
  const customer = findCustomerById(ctx.db, customerId);
  if (!customer) {
    throw new AppError('unknown_customer', `Unknown customer ${customerId}`, `Cliente não encontrado: ${customerId}.`, {
      customer_id: customerId,
    });
  }
  return {
    ...customer,
    store_credit_cents: storeCreditBalance(ctx.db, customer.id),
    loyalty_points: loyaltyPoints(ctx.db, customer.id),
  };
}
