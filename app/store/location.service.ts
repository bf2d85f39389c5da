import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import type { PixKeyType } from '../br/pix-key';
import { readPixKey } from '../br/pix-key-input';
import { insertRow, updateRow } from '../sync/outbox';
import type { UpsertLocationInput } from './location.schemas';
import { findStoreByCode } from './store.queries';

export { upsertLocationSchema, type UpsertLocationInput } from './location.schemas';

/**
 * A PIX key in the canonical form the DICT (and the BR Code payload) uses (`readPixKey`): a
 * punctuated CPF or CNPJ loses its punctuation, a phone becomes +55… . Null when it is no key
 * at all, or when it could be two keys (a bare number that is a CPF and a mobile).
 */
export function canonicalPixKey(raw: string, type?: PixKeyType): string | null {
  const reading = readPixKey(raw, type);
  return reading.ok ? reading.key : null;
}

/**
 * The canonical PIX key, or a refusal the user can act on; an empty key stays empty.
 * `invalid_pix_key` when it is no key; `pix_key_ambiguous` when a bare 11-digit number is both a
 * valid CPF and a mobile (details.options lists both; the user sends `pix_key_type` to choose).
 */
export function checkedPixKey(
  raw: string | null | undefined,
  storeCode: string,
  type?: PixKeyType,
): string | null | undefined {
  if (!raw) return raw;
  const reading = readPixKey(raw, type);
  if (reading.ok) return reading.key;
  if (reading.reason === 'ambiguous') {
    const message = `O número ${reading.cpf} é um CPF válido e também um celular. Escolha o tipo da chave PIX: CPF ou celular.`;
    throw new AppError('pix_key_ambiguous', `Ambiguous PIX key (CPF or phone) for store ${storeCode}`, message, {
      external_id: storeCode,
      options: [
        { type: 'cpf', key: reading.cpf },
        { type: 'phone', key: reading.phone },
      ],
      issues: [{ path: 'pix_key', message }],
    });
  }
  const message = type
    ? `Chave PIX inválida para o tipo escolhido (${PIX_KEY_TYPE_LABELS[type]}).`
    : 'Chave PIX inválida: use CPF, CNPJ, e-mail, celular (com ou sem +55) ou chave aleatória.';
  throw new AppError('invalid_pix_key', `Invalid PIX key for store ${storeCode}`, message, {
    external_id: storeCode,
    issues: [{ path: 'pix_key', message }],
  });
}

const PIX_KEY_TYPE_LABELS: Record<PixKeyType, string> = {
  cpf: 'CPF',
  cnpj: 'CNPJ',
  email: 'e-mail',
  phone: 'celular',
  evp: 'chave aleatória',
};

export function upsertLocation(ctx: Context, input: UpsertLocationInput): { id: string; created: boolean } {
  const pixKey = checkedPixKey(input.pix_key, input.external_id, input.pix_key_type);
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
