import { isValidCnpj } from './cnpj';
import { isValidCpf } from './cpf';

export type PixKeyType = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

// Keys are matched only in their canonical DICT form (CPF/CNPJ without
// punctuation, phone in E.164) because that exact text goes into the payload.
const CPF_KEY = /^\d{11}$/;
const CNPJ_KEY = /^[0-9A-Z]{12}\d{2}$/;
// Pix phone keys are mobile numbers only: +55, a DDD (none contains a 0), then 9 digits starting with 9.
const PHONE_KEY = /^\+55[1-9]{2}9\d{8}$/;
const EVP_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_KEY =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const EMAIL_MAX_LENGTH = 77;

export function pixKeyType(key: string): PixKeyType | null {
  if (CPF_KEY.test(key)) return isValidCpf(key) ? 'cpf' : null;
  if (CNPJ_KEY.test(key)) return isValidCnpj(key) ? 'cnpj' : null;
  if (PHONE_KEY.test(key)) return 'phone';
  if (EVP_KEY.test(key)) return 'evp';
  if (key.length <= EMAIL_MAX_LENGTH && EMAIL_KEY.test(key)) return 'email';
  return null;
}

export function isValidPixKey(key: string): boolean {
  return pixKeyType(key) !== null;
}
