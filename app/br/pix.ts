import { crc16ccittFalse } from './crc16';
import { isValidPixKey } from './pix-key';

export { crc16ccittFalse } from './crc16';
export { isValidPixKey, pixKeyType, type PixKeyType } from './pix-key';

export interface PixPayloadInput {
  key: string;
  /** Integer centavos; omit to let the payer type the amount. */
  amountCents?: number;
  merchantName: string;
  merchantCity: string;
  /** Up to 25 chars [A-Za-z0-9]; defaults to "***" (no identifier). */
  txid?: string;
  description?: string;
}

export interface PixPayloadInfo {
  key: string;
  amountCents?: number;
  merchantName: string;
  merchantCity: string;
  txid: string;
  description?: string;
}

const PIX_GUI = 'br.gov.bcb.pix';
export const PIX_MAX_NAME = 25;
export const PIX_MAX_CITY = 15;
const MAX_TXID = 25;
const MAX_AMOUNT_LENGTH = 13;
const MAX_TLV_VALUE = 99;
const DEFAULT_TXID = '***';
const CRC_TAG = '6304';

function tlv(id: string, value: string): string {
  if (value.length > MAX_TLV_VALUE) {
    throw new Error(`PIX field ${id} would be ${value.length} characters; the maximum is ${MAX_TLV_VALUE}`);
  }
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

// Payer apps render these fields as-is and many choke on non-ASCII, so accents
// are dropped (NFKD also turns º/ª into o/a).
function dropAccents(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '');
}

// Anything that is still not printable ASCII is rejected.
function toPixText(value: string, field: string, maxLength: number): string {
  const ascii = dropAccents(value).trim();
  if (ascii.length === 0) throw new Error(`PIX ${field} must not be empty`);
  if (!/^[\x20-\x7E]+$/.test(ascii)) {
    throw new Error(`PIX ${field} "${value}" has characters that cannot be written as ASCII`);
  }
  if (ascii.length > maxLength) {
    throw new Error(`PIX ${field} "${ascii}" has ${ascii.length} characters; the maximum is ${maxLength}`);
  }
  return ascii;
}

/** Lenient: what cannot be written as printable ASCII is dropped and the rest cut to `max`. */
export function fitPixText(value: string, max: number): string {
  return dropAccents(value)
    .replace(/[^\x20-\x7E]/g, '')
    .trim()
    .slice(0, max)
    .trim();
}

function formatAmount(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new Error(`PIX amount must be a positive integer number of centavos, got ${amountCents}`);
  }
  const reais = Math.floor(amountCents / 100);
  const cents = String(amountCents % 100).padStart(2, '0');
  const text = `${reais}.${cents}`;
  if (text.length > MAX_AMOUNT_LENGTH) {
    throw new Error(`PIX amount ${text} has ${text.length} characters; the maximum is ${MAX_AMOUNT_LENGTH}`);
  }
  return text;
}

function checkTxid(txid: string): string {
  if (txid === DEFAULT_TXID) return txid;
  if (!/^[A-Za-z0-9]+$/.test(txid)) {
    throw new Error(`PIX txid "${txid}" must contain only letters A-Z, a-z and digits`);
  }
  if (txid.length > MAX_TXID) {
    throw new Error(`PIX txid "${txid}" has ${txid.length} characters; the maximum is ${MAX_TXID}`);
  }
  return txid;
}

/** Static PIX "copia e cola" (BR Code). Throws a descriptive Error for any invalid or oversized field. */
export function buildPixPayload(input: PixPayloadInput): string {
  if (!isValidPixKey(input.key)) {
    throw new Error(
      `PIX key "${input.key}" is not a valid key: use a CPF or CNPJ without punctuation, ` +
        'an e-mail, a mobile phone as +55DDDNNNNNNNNN, or a random key (UUID)',
    );
  }
  const description =
    input.description === undefined || input.description.trim() === ''
      ? undefined
      : toPixText(input.description, 'description', MAX_TLV_VALUE);
  const account = tlv('00', PIX_GUI) + tlv('01', input.key) + (description === undefined ? '' : tlv('02', description));
  if (account.length > MAX_TLV_VALUE) {
    throw new Error(
      `PIX key plus description take ${account.length} characters in field 26; the maximum is ${MAX_TLV_VALUE}`,
    );
  }
  const body =
    tlv('00', '01') +
    tlv('26', account) +
    tlv('52', '0000') +
    tlv('53', '986') +
    (input.amountCents === undefined ? '' : tlv('54', formatAmount(input.amountCents))) +
    tlv('58', 'BR') +
    tlv('59', toPixText(input.merchantName, 'merchant name', PIX_MAX_NAME)) +
    tlv('60', toPixText(input.merchantCity, 'merchant city', PIX_MAX_CITY)) +
    tlv('62', tlv('05', checkTxid(input.txid ?? DEFAULT_TXID))) +
    CRC_TAG;
  return body + crc16ccittFalse(body);
}

/** Parses one level of EMV TLV ("IDLLvalue..."). Throws on malformed or duplicate fields. */
export function parseTlv(data: string): Map<string, string> {
  const fields = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const header = data.slice(pos, pos + 4);
    if (!/^\d{4}$/.test(header)) {
      throw new Error(`Malformed TLV header "${header}" at position ${pos}`);
    }
    const id = header.slice(0, 2);
    const end = pos + 4 + Number(header.slice(2));
    if (end > data.length) {
      throw new Error(`TLV field ${id} at position ${pos} runs past the end of the data`);
    }
    if (fields.has(id)) throw new Error(`TLV field ${id} appears more than once`);
    fields.set(id, data.slice(pos + 4, end));
    pos = end;
  }
  return fields;
}

/** Top-level fields of a BR Code, after checking its format indicator and CRC. */
export function parsePixPayload(payload: string): Map<string, string> {
  const text = payload.trim();
  if (!text.startsWith('000201')) {
    throw new Error('PIX payload must start with the payload format indicator 000201');
  }
  const fields = parseTlv(text);
  const crc = fields.get('63');
  if (crc === undefined || !/^[0-9A-Fa-f]{4}$/.test(crc) || !text.endsWith(CRC_TAG + crc)) {
    throw new Error('PIX payload must end with the CRC field 6304XXXX');
  }
  const expected = crc16ccittFalse(text.slice(0, -4));
  if (crc.toUpperCase() !== expected) {
    throw new Error(`PIX payload CRC is ${crc}, expected ${expected}`);
  }
  return fields;
}

function parseAmount(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) throw new Error(`PIX amount "${text}" is not a decimal number`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function pixAccountInfo(fields: Map<string, string>): Map<string, string> {
  // Merchant account templates may use any ID from 26 to 51; Pix is the one carrying its GUI.
  for (let id = 26; id <= 51; id++) {
    const value = fields.get(String(id));
    if (value === undefined) continue;
    const sub = parseTlv(value);
    if (sub.get('00')?.toLowerCase() === PIX_GUI) return sub;
  }
  throw new Error(`PIX payload has no merchant account field with GUI ${PIX_GUI}`);
}

/** Reads the fields of a static BR Code back into the shape buildPixPayload takes. */
export function decodePixPayload(payload: string): PixPayloadInfo {
  const fields = parsePixPayload(payload);
  const account = pixAccountInfo(fields);
  const key = account.get('01');
  if (key === undefined) throw new Error('PIX payload has no key (dynamic BR Codes are not supported)');
  const merchantName = fields.get('59');
  const merchantCity = fields.get('60');
  if (merchantName === undefined || merchantCity === undefined) {
    throw new Error('PIX payload is missing the merchant name (59) or city (60)');
  }
  const additional = fields.get('62');
  const txid = (additional === undefined ? undefined : parseTlv(additional).get('05')) ?? DEFAULT_TXID;
  const amount = fields.get('54');
  const description = account.get('02');
  return {
    key,
    ...(amount === undefined ? {} : { amountCents: parseAmount(amount) }),
    merchantName,
    merchantCity,
    txid,
    ...(description === undefined ? {} : { description }),
  };
}
