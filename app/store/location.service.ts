import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { normalizeCnpj } from '../br/cnpj';
import { onlyDigits } from '../br/digits';
import { pixKeyType } from '../br/pix-key';
import { insertRow, updateRow } from '../sync/outbox';
import type { UpsertLocationInput } from './location.schemas';
import { findStoreByCode } from './store.queries';

export { upsertLocationSchema, type UpsertLocationInput } from './location.schemas';

/**
 * A PIX key in the canonical form the DICT (and the BR Code payload) uses: a punctuated CPF or
 * CNPJ loses its punctuation, a formatted phone becomes +55… . Null when it is no key at all.
 */
export function canonicalPixKey(raw: string): string | null {
  const key = raw.trim();
  const candidates = [key];
  if (/^[\d.\-/\sA-Za-z]+$/.test(key) && /\d/.test(key) && !key.includes('@')) candidates.push(normalizeCnpj(key));
  if (key.startsWith('+')) candidates.push(`+${onlyDigits(key)}`);
  return candidates.find((c) => pixKeyType(c) !== null) ?? null;
}

/** The canonical PIX key, or a refusal the user can act on; an empty key stays empty. */
export function checkedPixKey(raw: string | null | undefined, storeCode: string): string | null | undefined {
  if (!raw) return raw;
  const canonical = canonicalPixKey(raw);
  if (!canonical) {
    const message = 'Chave PIX inválida: use CPF, CNPJ, e-mail, celular (+55…) ou chave aleatória.';
    throw new AppError('invalid_pix_key', `Invalid PIX key for store ${storeCode}`, message, {
      external_id: storeCode,
      issues: [{ path: 'pix_key', message }],
    });
  }
  return canonical;
}

export function upsertLocation(ctx: Context, input: UpsertLocationInput): { id: string; created: boolean } {
  const pixKey = checkedPixKey(input.pix_key, input.external_id);
  const fields = {
    name: input.name,
    timezone: input.timezone,
    cnpj: input.cnpj,
    pix_key: pixKey,
    address: input.address,
  };
  const existing = findStoreByCode(ctx.db, input.external_id);
  if (existing) {
    updateRow(ctx, 'stores', existing.id, fields);
    return { id: existing.id, created: false };
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  insertRow(ctx, 'stores', {
    id,
    code: input.external_id,
    ...fields,
    cnpj: input.cnpj ?? null,
    pix_key: pixKey ?? null,
    address: input.address ?? null,
    created_at: now,
    updated_at: now,
  });
  return { id, created: true };
}
