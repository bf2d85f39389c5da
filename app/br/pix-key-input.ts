import { normalizeCnpj } from './cnpj';
import { isValidCpf } from './cpf';
import { onlyDigits } from './digits';
import { normalizePhoneBR } from './phone';
import { pixKeyType, type PixKeyType } from './pix-key';

export const PIX_KEY_TYPES = ['cpf', 'cnpj', 'email', 'phone', 'evp'] as const satisfies readonly PixKeyType[];

/** What a typed PIX key is: one canonical key, no key at all, or a number that is two keys. */
export type PixKeyReading =
  | { ok: true; key: string; type: PixKeyType }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'ambiguous'; cpf: string; phone: string };

/** CPF as typed: bare, or 000.000.000-00. */
const CPF_TEXT = /^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$/;
/** CNPJ as typed (numeric or alphanumeric), bare or 00.000.000/0000-00. */
const CNPJ_TEXT = /^[0-9A-Za-z]{2}\.?[0-9A-Za-z]{3}\.?[0-9A-Za-z]{3}\/?[0-9A-Za-z]{4}-?\d{2}$/;

/**
 * Phone formatting: '+', parentheses, spaces, or a dash after 4–5 digits ("98765-4321"), and no
 * '.', '/' or '@' (a CPF's dash follows 3 digits, a CNPJ has dots and a slash). Such a key is
 * never read as a CPF, even when its digits pass the CPF check.
 */
export function hasPhoneFormatting(key: string): boolean {
  if (/[./@]/.test(key)) return false;
  return /[+()\s]/.test(key) || /(?:^|\D)\d{4,5}-\d/.test(key);
}

function asType(key: string, type: PixKeyType): string | null {
  let candidate: string | null = null;
  if (type === 'cpf') candidate = CPF_TEXT.test(key) ? onlyDigits(key) : null;
  else if (type === 'cnpj') candidate = CNPJ_TEXT.test(key) ? normalizeCnpj(key) : null;
  else if (type === 'phone') candidate = mobileKey(key);
  else candidate = key;
  return candidate !== null && pixKeyType(candidate) === type ? candidate : null;
}

/** A PIX phone key is a Brazilian mobile, stored as +55…; typed with or without +55. */
function mobileKey(key: string): string | null {
  const phone = normalizePhoneBR(key, { addNinthDigit: false });
  return phone?.kind === 'mobile' ? phone.e164 : null;
}

/**
 * Reads a PIX key as typed into its canonical DICT form (the text that goes into the BR Code):
 * CPF/CNPJ without punctuation, phone as +55…, e-mail and random key (EVP) as typed.
 * `type`, when the user chose one, decides; otherwise a key with phone formatting is a phone
 * only, and a bare 11-digit number that is both a valid CPF and a valid mobile is `ambiguous`
 * (the user must choose). Source: Bacen, Manual de Padrões para Iniciação do Pix, chaves.
 */
export function readPixKey(raw: string, type?: PixKeyType): PixKeyReading {
  const key = raw.trim();
  if (type) {
    const canonical = asType(key, type);
    return canonical ? { ok: true, key: canonical, type } : { ok: false, reason: 'invalid' };
  }
  // A random key's groups ("-1234-5678-") and an e-mail may look like phone formatting.
  for (const candidate of ['evp', 'email'] as const) {
    if (pixKeyType(key) === candidate) return { ok: true, key, type: candidate };
  }
  if (hasPhoneFormatting(key)) {
    const phone = mobileKey(key);
    return phone ? { ok: true, key: phone, type: 'phone' } : { ok: false, reason: 'invalid' };
  }
  if (/^\d{11}$/.test(key) && isValidCpf(key)) {
    const phone = mobileKey(key);
    return phone ? { ok: false, reason: 'ambiguous', cpf: key, phone } : { ok: true, key, type: 'cpf' };
  }
  for (const candidate of PIX_KEY_TYPES) {
    const canonical = asType(key, candidate);
    if (canonical) return { ok: true, key: canonical, type: candidate };
  }
  return { ok: false, reason: 'invalid' };
}
